package dev.s2s.broker.grant;

import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Verifies live grants against IAM in small batches on a schedule and records drift, so changes
 * made behind the broker's back show up as DRIFTED grants.
 */
@Component
class Reconciler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

	private final GrantService grants;

	private final ReconcilerProperties properties;

	private final TaskScheduler scheduler;

	private ScheduledFuture<?> schedule;

	Reconciler(GrantService grants, ReconcilerProperties properties, TaskScheduler scheduler) {
		this.grants = grants;
		this.properties = properties;
		this.scheduler = scheduler;
	}

	void reconcile() {
		try {
			int verified = grants.verifyDue(properties.batchSize());
			log.debug("Reconciler verified {} grants", verified);
		}
		catch (RuntimeException ex) {
			log.warn("Reconciler batch failed: {}", ex.toString());
		}
	}

	@Override
	public synchronized void start() {
		if (properties.enabled() && schedule == null) {
			schedule = scheduler.scheduleWithFixedDelay(this::reconcile,
					java.time.Instant.now().plus(properties.interval()), properties.interval());
		}
	}

	@Override
	public synchronized void stop() {
		if (schedule != null) {
			schedule.cancel(true);
			schedule = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return schedule != null;
	}

}

package dev.s2s.broker.grant;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.s2s.broker.iam.AdaptiveLimit;
import dev.s2s.broker.iam.IamExchanges;
import dev.s2s.broker.persistence.Timestamps;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Starts and stops the submission of recorded policies to IAM: committed PENDING policies
 * are created, the DELETING policies of revoked grants deleted. Work is found through the
 * database only, so nothing recorded is lost between the 202 and IAM: after a restart, or
 * when another instance dies, the worker picks up whatever is still pending.
 *
 * <p>
 * The work itself is spread over small parts: the {@link Dispatcher} claims from the
 * {@link PolicyQueue} as much as the adaptive limit has room for and hands each claim to
 * {@link InFlightSubmissions}, which runs a {@link PolicySubmission} per claim on a
 * thread of its own (virtual where the runtime has them); the {@link Doorbell} wakes the
 * dispatcher when work is committed or a submission ends. Each claim makes one attempt:
 * one that fails transiently goes back to the queue to wait out its back-off unclaimed
 * ({@link PolicyQueue#defer}), so its slot and its share of the cluster's budget serve
 * other policies meanwhile (issue 11).
 */
@Component
class SubmissionWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SubmissionWorker.class);

	private final PolicyQueue queue;

	private final WorkerProperties properties;

	private final int clusterBudget;

	private final AdaptiveLimit limit;

	private final SimpleAsyncTaskExecutor threads;

	private final Doorbell doorbell = new Doorbell();

	private final InFlightSubmissions inFlight;

	private final Dispatcher dispatcher;

	private volatile boolean running;

	private @Nullable Future<?> dispatching;

	SubmissionWorker(PolicyQueue queue, PolicySubmission submission, AdaptiveLimit limit, IamExchanges exchanges,
			WorkerProperties properties, SimpleAsyncTaskExecutorBuilder executors, Timestamps time,
			WorkerTimings timings, Environment environment) {
		if (environment.containsProperty("broker.worker.concurrency")) {
			log.warn(
					"broker.worker.concurrency is no longer used and is ignored: an instance works on as many "
							+ "policies at once as broker.worker.max-concurrency allows ({})",
					properties.maxConcurrency());
		}
		this.queue = queue;
		this.properties = properties;
		this.clusterBudget = properties.clusterMaxConcurrency();
		this.limit = limit;
		// Boot's builder: virtual threads where spring.threads.virtual.enabled and the
		// runtime has them. At most the limit's ceiling of them run at once, plus the
		// dispatcher.
		this.threads = executors.threadNamePrefix("submission-").build();
		this.inFlight = new InFlightSubmissions(threads, limit, exchanges, doorbell);
		this.dispatcher = new Dispatcher(queue, submission, inFlight, limit, doorbell, properties, clusterBudget, time,
				timings, () -> running);
	}

	/** New work was committed: the dispatcher need not wait for the next poll. */
	@TransactionalEventListener(fallbackExecution = true)
	void on(PoliciesQueued queued) {
		doorbell.ring();
	}

	@Override
	public synchronized void start() {
		if (!properties.enabled() || running) {
			return;
		}
		int released = queue.releaseAll(properties.instanceId());
		if (released > 0) {
			log.info("Took back {} policies claimed by an earlier run of instance {}", released,
					properties.instanceId());
		}
		running = true;
		dispatching = threads.submit(dispatcher);
		log.info(
				"Submission worker {} started: up to {} policies at IAM at once (broker.worker.max-concurrency), "
						+ "{} across all instances (broker.worker.cluster-max-concurrency)",
				properties.instanceId(), limit.ceiling(), clusterBudget);
	}

	/**
	 * Stops claiming and waits for the submissions in flight: each finishes and records
	 * its outcome, within {@code shutdownGrace}; those still busy then are interrupted,
	 * release their policies, and get one more {@code shutdownGrace}. Spring stops every
	 * lifecycle before it destroys any bean, so the DataSource is still open while
	 * outcomes are recorded. What a stop cannot record (a submission stuck past both
	 * graces, or a kill -9) the next run finds again: the claim lapses, the policy is
	 * submitted again, and IAM's 409 names the broker's own policy by its mark.
	 */
	@Override
	public synchronized void stop() {
		if (!running) {
			return;
		}
		running = false;
		doorbell.ring();
		try {
			awaitDispatcher();
			if (!inFlight.drained(properties.shutdownGrace())) {
				inFlight.interruptAll();
				inFlight.drained(properties.shutdownGrace());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitDispatcher() throws InterruptedException {
		Future<?> loop = dispatching;
		if (loop == null) {
			return;
		}
		try {
			loop.get(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException | CancellationException ex) {
			loop.cancel(true);
		}
		dispatching = null;
	}

	/**
	 * The last phase to start and the first to stop: before the web server's graceful
	 * shutdown, long before the DataSource closes.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

}

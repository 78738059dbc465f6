package dev.s2s.broker.grant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Verifies live grants against IAM in small batches on a schedule
 * ({@code broker.reconciler.*}) and records drift, so changes made behind the broker's
 * back show up as DRIFTED grants.
 */
@Component
@ConditionalOnBooleanProperty(name = "broker.reconciler.enabled", matchIfMissing = true)
class Reconciler {

	private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

	private final GrantVerifier verifier;

	private final ReconcilerProperties properties;

	Reconciler(GrantVerifier verifier, ReconcilerProperties properties) {
		this.verifier = verifier;
		this.properties = properties;
	}

	@Scheduled(initialDelayString = "${broker.reconciler.interval:10m}",
			fixedDelayString = "${broker.reconciler.interval:10m}")
	void reconcile() {
		try {
			log.debug("Reconciler verified {} grants", verifier.verifyDue(properties.batchSize()));
		}
		catch (RuntimeException ex) {
			log.warn("Reconciler batch failed: {}", ex.toString());
		}
	}

}

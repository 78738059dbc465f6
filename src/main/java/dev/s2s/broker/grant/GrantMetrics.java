package dev.s2s.broker.grant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.s2s.broker.recipe.Recipe;
import dev.s2s.broker.recipe.RecipeCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Grant metrics for Prometheus: grants by recipe and status, pending work and the age of
 * the oldest pending item (read from the database, so every replica reports the shared
 * truth; cached for a few seconds so scrapes cost little), and drift found by
 * verifications.
 */
@Component
class GrantMetrics {

	private static final Duration FRESHNESS = Duration.ofSeconds(5);

	private final Grants grants;

	private final PolicyQueue queue;

	private final Clock clock;

	private final Counter driftFound;

	private Snapshot snapshot = new Snapshot(Instant.MIN, Map.of(), 0, 0);

	GrantMetrics(Grants grants, PolicyQueue queue, Clock clock, MeterRegistry meters, RecipeCatalog catalog) {
		this.grants = grants;
		this.queue = queue;
		this.clock = clock;
		for (Recipe recipe : catalog.recipes()) {
			for (GrantStatus status : GrantStatus.values()) {
				String key = recipe.name() + "/" + status.name();
				Gauge.builder("s2s.grants", this, metrics -> metrics.current().grants().getOrDefault(key, 0L))
					.description("Grants by recipe and status")
					.tags("recipe", recipe.name(), "status", status.name())
					.register(meters);
			}
		}
		Gauge.builder("s2s.pending.policies", this, metrics -> metrics.current().pending())
			.description("Policies waiting to be submitted to or deleted from IAM")
			.register(meters);
		Gauge.builder("s2s.pending.oldest.age", this, metrics -> metrics.current().oldestAgeSeconds())
			.description("Seconds the oldest pending policy has been waiting")
			.baseUnit("seconds")
			.register(meters);
		this.driftFound = Counter.builder("s2s.drift.found")
			.description("Policies a verification found missing or changed in IAM")
			.register(meters);
	}

	void driftFound(int policies) {
		driftFound.increment(policies);
	}

	private synchronized Snapshot current() {
		Instant now = clock.instant();
		if (snapshot.takenAt().plus(FRESHNESS).isBefore(now)) {
			PolicyQueue.Backlog backlog = queue.backlog();
			snapshot = new Snapshot(now, grants.countByRecipeAndStatus(), backlog.pending(),
					backlog.oldestAge().toSeconds());
		}
		return snapshot;
	}

	private record Snapshot(Instant takenAt, Map<String, Long> grants, long pending, long oldestAgeSeconds) {
	}

}

package dev.s2s.broker.iam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How many submissions this broker instance sends to IAM at once, adapted to IAM's
 * answers (additive increase, multiplicative decrease): a 429 halves the limit (once per
 * burst: not again while the pause it asked for holds) and holds new work back for the
 * {@code Retry-After}; every success raises it by one, up to the configured ceiling. So a
 * throttling IAM slows the whole instance down, not just the one request that was
 * refused.
 */
public class AdaptiveLimit {

	private final int ceiling;

	private final Clock clock;

	private int limit;

	private int inFlight;

	private Instant pausedUntil = Instant.MIN;

	/**
	 * The limit of an instance whose ceiling is {@code broker.worker.max-concurrency},
	 * measured as {@code s2s.iam.concurrency.limit}.
	 */
	public static AdaptiveLimit of(int ceiling, Clock clock, MeterRegistry meters) {
		AdaptiveLimit limit = new AdaptiveLimit(ceiling, clock);
		Gauge.builder("s2s.iam.concurrency.limit", limit, AdaptiveLimit::limit)
			.description("Submissions this instance may have in flight at IAM now (halved by 429s)")
			.register(meters);
		return limit;
	}

	AdaptiveLimit(int ceiling, Clock clock) {
		if (ceiling < 1) {
			throw new IllegalArgumentException("ceiling must be at least 1");
		}
		this.ceiling = ceiling;
		this.clock = clock;
		this.limit = ceiling;
	}

	/**
	 * Takes a slot for one submission, or returns false when the limit is reached or IAM
	 * asked for a pause.
	 */
	public synchronized boolean tryAcquire() {
		if (inFlight >= limit || clock.instant().isBefore(pausedUntil)) {
			return false;
		}
		inFlight++;
		return true;
	}

	/**
	 * How many more submissions may start now: none while IAM asked for a pause, else the
	 * limit less those in flight.
	 */
	public synchronized int available() {
		if (clock.instant().isBefore(pausedUntil)) {
			return 0;
		}
		return Math.max(0, limit - inFlight);
	}

	/**
	 * Until when the last 429 asked this instance to send nothing new; a past instant
	 * when it did not.
	 */
	public synchronized Instant pausedUntil() {
		return pausedUntil;
	}

	/** The most submissions this instance ever has in flight: the configured ceiling. */
	public int ceiling() {
		return ceiling;
	}

	public synchronized void release() {
		inFlight = Math.max(0, inFlight - 1);
	}

	public synchronized int limit() {
		return limit;
	}

	/**
	 * A 429: halves the limit and holds new work back for {@code retryAfter}. A 429 that
	 * arrives while an earlier one's pause still holds answers a request sent before IAM
	 * began throttling, so it extends the pause but does not halve again: one burst of
	 * throttling halves the limit once, however many requests were in flight.
	 */
	synchronized void throttled(Duration retryAfter) {
		if (!clock.instant().isBefore(pausedUntil)) {
			limit = Math.max(1, limit / 2);
		}
		if (retryAfter != null) {
			Instant until = clock.instant().plus(retryAfter);
			if (until.isAfter(pausedUntil)) {
				pausedUntil = until;
			}
		}
	}

	synchronized void succeeded() {
		limit = Math.min(ceiling, limit + 1);
	}

}

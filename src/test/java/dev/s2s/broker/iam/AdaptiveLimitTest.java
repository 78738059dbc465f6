package dev.s2s.broker.iam;

import dev.s2s.broker.MovableClock;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveLimitTest {

	private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));

	private final AdaptiveLimit limit = new AdaptiveLimit(8, clock);

	@Test
	void givesOutNoMoreSlotsThanTheLimit() {
		for (int i = 0; i < 8; i++) {
			assertThat(limit.tryAcquire()).isTrue();
		}
		assertThat(limit.tryAcquire()).isFalse();
		limit.release();
		assertThat(limit.tryAcquire()).isTrue();
	}

	@Test
	void halvesOnEveryThrottleDownToOneAndGrowsBackByOneOnEverySuccess() {
		limit.throttled(null);
		assertThat(limit.limit()).isEqualTo(4);
		limit.throttled(null);
		limit.throttled(null);
		limit.throttled(null);
		assertThat(limit.limit()).isEqualTo(1);

		limit.succeeded();
		limit.succeeded();
		assertThat(limit.limit()).isEqualTo(3);
		for (int i = 0; i < 20; i++) {
			limit.succeeded();
		}
		assertThat(limit.limit()).isEqualTo(8);
	}

	@Test
	void aBurstOf429sAnsweringRequestsAlreadyInFlightHalvesTheLimitOnce() {
		for (int i = 0; i < 8; i++) {
			limit.throttled(Duration.ofSeconds(1));
		}
		assertThat(limit.limit()).as("8 requests in flight, all answered 429 within the pause").isEqualTo(4);

		clock.advance(Duration.ofMillis(1500));
		limit.throttled(Duration.ofSeconds(1));
		assertThat(limit.limit()).as("a 429 after the pause: IAM still throttles").isEqualTo(2);
	}

	@Test
	void holdsAllNewWorkBackForTheRetryAfterIamAskedFor() {
		limit.throttled(Duration.ofSeconds(5));

		assertThat(limit.tryAcquire()).isFalse();
		clock.advance(Duration.ofSeconds(4));
		assertThat(limit.tryAcquire()).isFalse();
		clock.advance(Duration.ofSeconds(2));
		assertThat(limit.tryAcquire()).isTrue();
	}

}

package dev.s2s.broker.iam;

import java.time.ZoneId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveLimitTest {

	private final MutableClock clock = new MutableClock();

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
	void holdsAllNewWorkBackForTheRetryAfterIamAskedFor() {
		limit.throttled(Duration.ofSeconds(5));

		assertThat(limit.tryAcquire()).isFalse();
		clock.advance(Duration.ofSeconds(4));
		assertThat(limit.tryAcquire()).isFalse();
		clock.advance(Duration.ofSeconds(2));
		assertThat(limit.tryAcquire()).isTrue();
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-11-23T10:00:00Z");

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}

	}

}

package dev.s2s.broker.iam;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.s2s.broker.MovableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.Sleeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one retry schedule, without IAM: the deferrals the queue asks for, and the pacing
 * of the templates the reads run on. 4 attempts, back-off from 100 ms doubling up to 5 s,
 * a {@code Retry-After} honoured up to 60 s, a confirm timeout of 5 s; pauses are
 * recorded, not slept.
 */
class RetryScheduleTest {

	private static final IamError UNAVAILABLE = new IamError(503, "service_unavailable", "try later", null);

	private static final TransientIamFailure SERVER_ERROR = new TransientIamFailure(UNAVAILABLE, null);

	private final List<Long> pauses = new CopyOnWriteArrayList<>();

	private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final RetrySchedule schedule = schedule(pauses::add);

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	@Test
	void anotherAttemptIsDeferredUntilTheAttemptsAreUsedUp() {
		assertThat(schedule.deferral(SERVER_ERROR, 0)).isPresent();
		assertThat(schedule.deferral(SERVER_ERROR, 1)).isPresent();
		assertThat(schedule.deferral(SERVER_ERROR, 2)).as("the third failure: one attempt left").isPresent();
		assertThat(schedule.deferral(SERVER_ERROR, 3)).as("the fourth failure: no fifth attempt").isEmpty();
		assertThat(schedule.deferral(SERVER_ERROR, 9)).isEmpty();
	}

	@Test
	void aThrottledAttemptNeverUsesUpTheAttemptsAndWaitsWhatIamAsked() {
		TransientIamFailure throttled = new TransientIamFailure(
				new IamError(429, "too_many_requests", "Rate limit exceeded", null), Duration.ofSeconds(1));

		assertThat(schedule.deferral(throttled, 0)).contains(Duration.ofSeconds(1));
		assertThat(schedule.deferral(throttled, 3)).as("after three failures that counted, a 429 is still waited")
			.contains(Duration.ofSeconds(1));
		assertThat(schedule.deferral(SERVER_ERROR, 3)).as("a fourth 5xx is the last").isEmpty();
	}

	@Test
	void onlyAThrottledDeferralIsNotCountedTowardMaxAttempts() {
		assertThat(new SubmissionOutcome.Deferred(new IamError(429, "too_many_requests", "slow down", null),
				Duration.ofSeconds(1))
			.counted()).isFalse();
		assertThat(new SubmissionOutcome.Deferred(UNAVAILABLE, Duration.ofSeconds(1)).counted()).isTrue();
		assertThat(new SubmissionOutcome.Deferred(new IamError(null, "connection_reset", "reset", null),
				Duration.ofSeconds(1))
			.counted()).isTrue();
	}

	@Test
	void aDeferralWithoutRetryAfterGrowsExponentiallyWithJitterUpToTheMaximum() {
		for (int i = 0; i < 50; i++) {
			assertThat(deferral(0)).isBetween(50L, 100L);
			assertThat(deferral(1)).isBetween(100L, 200L);
			assertThat(deferral(2)).isBetween(200L, 400L);
		}
		RetrySchedule patient = new RetrySchedule(
				new IamProperties.Retry(12, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5), Duration.ofSeconds(60)),
				Duration.ofSeconds(5), outage(), pauses::add, clock, meters);
		assertThat(patient.deferral(SERVER_ERROR, 10).orElseThrow()).as("at most max-backoff, less jitter")
			.isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(5));
	}

	@Test
	void aDeferralIsJittered() {
		Set<Long> seen = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			seen.add(deferral(2));
		}
		assertThat(seen).as("200 pauses between 200 and 400 ms, not all alike").hasSizeGreaterThan(1);
	}

	@Test
	void aDeferralAfterA429IsItsRetryAfterCappedAtTheMaximum() {
		assertThat(schedule.deferral(new TransientIamFailure(UNAVAILABLE, Duration.ofSeconds(7)), 0))
			.contains(Duration.ofSeconds(7));
		assertThat(schedule.deferral(new TransientIamFailure(UNAVAILABLE, Duration.ofHours(1)), 2))
			.contains(Duration.ofSeconds(60));
	}

	@Test
	void eachDeferralCountsOneRetryAndNeitherPausesNorCountsWhenNoneIsLeft() {
		schedule.deferral(SERVER_ERROR, 0);
		schedule.deferral(SERVER_ERROR, 1);
		schedule.deferral(SERVER_ERROR, 3);

		assertThat(retries()).isEqualTo(2);
		assertThat(pauses).as("a deferral is waited out by the queue, not here").isEmpty();
	}

	@Test
	void theReadsTemplateRetriesTransientFailuresSleepingTheBackOffAndCountingEachPause() {
		AtomicInteger calls = new AtomicInteger();

		String read = schedule.reads().execute(context -> {
			if (calls.incrementAndGet() < 3) {
				throw calls.get() == 1 ? SERVER_ERROR : new TransientIamFailure(UNAVAILABLE, Duration.ofSeconds(2));
			}
			return "read";
		});

		assertThat(read).isEqualTo("read");
		assertThat(pauses).hasSize(2).last().isEqualTo(2_000L);
		assertThat(pauses.get(0)).isBetween(50L, 100L);
		assertThat(retries()).isEqualTo(2);
	}

	@Test
	void theReadsTemplateGivesUpAfterTheLastAttemptWithItsFailure() {
		AtomicInteger calls = new AtomicInteger();

		Throwable last = schedule.reads().execute(context -> {
			calls.incrementAndGet();
			throw SERVER_ERROR;
		}, RetryContext::getLastThrowable);

		assertThat(last).isSameAs(SERVER_ERROR);
		assertThat(calls).hasValue(4);
		assertThat(pauses).hasSize(3);
	}

	@Test
	void theReadsTemplateStopsAtOnceOnAFinalAnswer() {
		SubmissionRefused refused = new SubmissionRefused(new IamError(403, "forbidden", "no", null));
		AtomicInteger calls = new AtomicInteger();

		Throwable last = schedule.reads().execute(context -> {
			calls.incrementAndGet();
			throw refused;
		}, RetryContext::getLastThrowable);

		assertThat(last).isSameAs(refused);
		assertThat(calls).hasValue(1);
		assertThat(pauses).isEmpty();
	}

	@Test
	void aReadBackPausesFrom100MillisecondsDoublingUpTo2SecondsWithinTheTimeoutPausesCounted() {
		int reads = readBackUntilItGivesUp(Duration.ZERO, null);

		assertThat(pauses).containsExactly(100L, 200L, 400L, 800L, 1_600L, 1_900L);
		assertThat(reads).as("a read after the last pause, cut to the time left").isEqualTo(7);
		assertThat(retries()).as("waiting for IAM to serve is no retry").isZero();
	}

	@Test
	void aReadBackCountsTheTimeItsReadsTake() {
		int reads = readBackUntilItGivesUp(Duration.ofSeconds(3), null);

		assertThat(pauses).containsExactly(100L);
		assertThat(reads).isEqualTo(2);
	}

	@Test
	void aReadBackWaitsA429sLongerRetryAfterButNeverBeyondTheTimeLeft() {
		int reads = readBackUntilItGivesUp(Duration.ZERO, Duration.ofSeconds(3));

		assertThat(pauses).containsExactly(3_000L, 2_000L);
		assertThat(reads).isEqualTo(3);
	}

	@Test
	void aReadBackStopsAtOnceOnAnythingButATransientFailure() {
		AtomicInteger calls = new AtomicInteger();
		IllegalStateException bug = new IllegalStateException("bug");

		Throwable last = schedule.confirmation().execute(context -> {
			calls.incrementAndGet();
			throw bug;
		}, RetryContext::getLastThrowable);

		assertThat(last).isSameAs(bug);
		assertThat(calls).hasValue(1);
		assertThat(pauses).isEmpty();
	}

	@Test
	void anInterruptWhilePausingEndsTheExecutionKeepingTheInterrupt() {
		RetrySchedule interrupted = schedule(pause -> {
			throw new InterruptedException("shutdown");
		});

		assertThatExceptionOfType(BackOffInterruptedException.class)
			.isThrownBy(() -> interrupted.reads().execute(context -> {
				throw SERVER_ERROR;
			}));
		assertThat(Thread.interrupted()).isTrue();
		assertThatExceptionOfType(BackOffInterruptedException.class)
			.isThrownBy(() -> interrupted.confirmation().execute(context -> {
				throw SERVER_ERROR;
			}));
		assertThat(Thread.interrupted()).isTrue();
	}

	/**
	 * A read-back whose every read fails, each taking {@code readTakes} on the clock and
	 * asking for {@code retryAfter}.
	 * @return how many reads it made before it gave up
	 */
	private int readBackUntilItGivesUp(Duration readTakes, Duration retryAfter) {
		AtomicInteger calls = new AtomicInteger();
		Optional<Integer> failedReads = schedule.confirmation().execute(context -> {
			calls.incrementAndGet();
			clock.advance(readTakes);
			throw new TransientIamFailure(UNAVAILABLE, retryAfter);
		}, context -> Optional.of(context.getRetryCount()));
		assertThat(failedReads).as("the context counts every read").contains(calls.get());
		return calls.get();
	}

	private long deferral(int failedBefore) {
		return schedule.deferral(SERVER_ERROR, failedBefore).orElseThrow().toMillis();
	}

	private double retries() {
		return meters.counter("s2s.iam.retries").count();
	}

	private RetrySchedule schedule(Sleeper sleeper) {
		return new RetrySchedule(
				new IamProperties.Retry(4, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5), Duration.ofSeconds(60)),
				Duration.ofSeconds(5), outage(), sleeper, clock, meters);
	}

	/** IAM's recent answers as during an outage: most failed. */
	private static RecentFailures outage() {
		RecentFailures failures = new RecentFailures();
		for (int i = 0; i < 2 * RecentFailures.WINDOW; i++) {
			failures.failed();
		}
		return failures;
	}

}

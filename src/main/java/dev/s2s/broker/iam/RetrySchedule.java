package dev.s2s.broker.iam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.retry.RetryContext;
import org.springframework.retry.RetryPolicy;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.context.RetryContextSupport;
import org.springframework.retry.policy.SimpleRetryPolicy;
import org.springframework.retry.support.RetryTemplate;

/**
 * Every decision to try IAM again, and the pause before it, on spring-retry: how many
 * attempts an operation gets ({@code broker.iam.retry.max-attempts}) and how long to wait
 * after a transient failure ({@link IamBackOff}: a 429's {@code Retry-After}, else
 * exponential with jitter), and how a read-back paces its reads. The queue asks it for a
 * {@link #deferral}, decided without pausing; the drift reads and the read-back run on
 * its {@link #reads} and {@link #confirmation} templates, which pause through the
 * {@link Sleeper}. Each pause taken or deferral scheduled counts once in
 * {@code s2s.iam.retries}, the read-back's excepted: those wait for IAM to serve what it
 * created, no failure. It neither talks to IAM nor tells a transient failure from a final
 * one: its callers do.
 */
class RetrySchedule {

	/** The first pause between two reads of a policy not served yet; it doubles. */
	static final Duration CONFIRM_FIRST_PAUSE = Duration.ofMillis(100);

	/** The longest pause between two reads of a policy not served yet. */
	static final Duration CONFIRM_MAX_PAUSE = Duration.ofSeconds(2);

	private final Duration confirmTimeout;

	/** {@code max-attempts} of {@link TransientIamFailure}s; anything else is final. */
	private final SimpleRetryPolicy attempts;

	/** The back-off of a deferral: computed and counted, never slept. */
	private final IamBackOff deferring;

	/**
	 * Shared by every read and thread: each execution keeps its attempts and pauses in
	 * its own context.
	 */
	private final RetryTemplate reads = new RetryTemplate();

	private final RetryTemplate confirmation = new RetryTemplate();

	RetrySchedule(IamProperties.Retry settings, Duration confirmTimeout, RecentFailures failures, Sleeper sleeper,
			Clock clock, MeterRegistry meters) {
		this.confirmTimeout = confirmTimeout;
		Counter retries = Counter.builder("s2s.iam.retries")
			.description("Pauses before retrying IAM after a transient failure")
			.register(meters);
		this.attempts = new SimpleRetryPolicy(settings.maxAttempts(), Map.of(TransientIamFailure.class, true));
		this.deferring = new IamBackOff(settings, failures, period -> {
		}, retries);
		this.reads.setRetryPolicy(attempts);
		this.reads.setBackOffPolicy(new IamBackOff(settings, failures, sleeper, retries));
		this.confirmation.setRetryPolicy(new ReadBack(confirmTimeout, clock));
		this.confirmation.setBackOffPolicy(new ReadBackPauses(sleeper, clock));
	}

	/**
	 * Whether an operation one of whose attempts just failed transiently gets another, as
	 * the queue makes them, and after which pause: the one the {@link #reads} template
	 * would sleep before that attempt. Decides without pausing (issue 11: policies
	 * sleeping between retries held the whole budget).
	 * @param failure the attempt's failure
	 * @param failedBefore how many earlier attempts of the operation failed transiently
	 * and counted
	 * @return the pause before the next attempt; empty when that attempt would be one
	 * more than {@code max-attempts}. A 429 ({@link IamError#throttled}) is never the
	 * last: IAM asked to wait, and it is waited, as long as IAM keeps asking
	 */
	Optional<Duration> deferral(TransientIamFailure failure, int failedBefore) {
		RetryContext context = attempts.open(null);
		if (failure.error().throttled()) {
			// Pacing, not a failure: this 429 is not counted, so it is never the last
			// attempt. Its Retry-After is the pause; without one, the back-off of the
			// failures counted so far (at least the first step).
			register(context, failure, Math.max(1, failedBefore));
		}
		else {
			register(context, failure, failedBefore + 1);
			if (!attempts.canRetry(context)) {
				return Optional.empty();
			}
		}
		IamBackOff.Pauses pauses = deferring.start(context);
		deferring.backOff(pauses);
		return Optional.of(pauses.last());
	}

	private void register(RetryContext context, TransientIamFailure failure, int failures) {
		for (int failed = 0; failed < failures; failed++) {
			attempts.registerThrowable(context, failure);
		}
	}

	/**
	 * Retries {@link TransientIamFailure}s up to {@code max-attempts}, sleeping the
	 * back-off between attempts; anything else ends the execution at once. Its recovery
	 * callback sees the last failure.
	 */
	RetryTemplate reads() {
		return reads;
	}

	/**
	 * Reads again after each {@link TransientIamFailure} (a policy not served yet, a 429,
	 * 5xx or lost answer) until {@code broker.iam.timeouts.confirm} is spent, reads and
	 * pauses counted; the pause starts at 100 ms and doubles up to 2 s, a 429's
	 * {@code Retry-After} when longer, and never outlasts the time left. Anything else
	 * ends the execution at once. Its recovery callback sees the last failure, and how
	 * many reads failed as the context's retry count.
	 */
	RetryTemplate confirmation() {
		return confirmation;
	}

	/** {@code broker.iam.timeouts.confirm}: what {@link #confirmation} may spend. */
	Duration confirmTimeout() {
		return confirmTimeout;
	}

	/**
	 * What ended an execution that was not worth another attempt, to be thrown again by a
	 * recovery callback that has no outcome for it.
	 */
	static RuntimeException rethrown(Throwable last) {
		if (last instanceof Error error) {
			throw error;
		}
		return last instanceof RuntimeException runtime ? runtime : new IllegalStateException(last);
	}

	/** Sleeps a pause; an interrupt ends the execution that takes it. */
	static void sleep(Sleeper sleeper, Duration pause) {
		try {
			sleeper.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BackOffInterruptedException("Interrupted while backing off from IAM", ex);
		}
	}

	/**
	 * A read-back's reads: another after each {@link TransientIamFailure} while the reads
	 * and pauses so far leave some of the timeout. Pauses count as taken, not as the
	 * clock saw them pass. The decision is made when a read fails, so the read after a
	 * pause cut short to the time left is still made.
	 */
	private static final class ReadBack implements RetryPolicy {

		private final Duration timeout;

		private final Clock clock;

		private ReadBack(Duration timeout, Clock clock) {
			this.timeout = timeout;
			this.clock = clock;
		}

		@Override
		public RetryContext open(@Nullable RetryContext parent) {
			return new Budget(parent, timeout, clock.instant());
		}

		@Override
		public boolean canRetry(RetryContext context) {
			Budget budget = (Budget) context;
			Throwable last = budget.getLastThrowable();
			return last == null || last instanceof TransientIamFailure && budget.left.compareTo(Duration.ZERO) > 0;
		}

		@Override
		public void registerThrowable(RetryContext context, Throwable throwable) {
			Budget budget = (Budget) context;
			budget.registerThrowable(throwable);
			budget.spent = budget.spent.plus(Duration.between(budget.readStarted, clock.instant()));
			budget.left = budget.timeout.minus(budget.spent);
		}

		@Override
		public void close(RetryContext context) {
		}

	}

	/**
	 * The pauses of a read-back: from {@link #CONFIRM_FIRST_PAUSE} doubling up to
	 * {@link #CONFIRM_MAX_PAUSE}, or a 429's {@code Retry-After} when longer; never more
	 * than the time left.
	 */
	private static final class ReadBackPauses implements BackOffPolicy {

		private final Sleeper sleeper;

		private final Clock clock;

		private ReadBackPauses(Sleeper sleeper, Clock clock) {
			this.sleeper = sleeper;
			this.clock = clock;
		}

		@Override
		public BackOffContext start(RetryContext context) {
			return (Budget) context;
		}

		@Override
		public void backOff(BackOffContext backOffContext) {
			Budget budget = (Budget) backOffContext;
			Duration asked = budget.getLastThrowable() instanceof TransientIamFailure failure ? failure.retryAfter()
					: null;
			Duration wait = asked != null && asked.compareTo(budget.nextPause) > 0 ? asked : budget.nextPause;
			wait = wait.compareTo(budget.left) > 0 ? budget.left : wait;
			sleep(sleeper, wait);
			budget.spent = budget.spent.plus(wait);
			Duration doubled = budget.nextPause.multipliedBy(2);
			budget.nextPause = doubled.compareTo(CONFIRM_MAX_PAUSE) > 0 ? CONFIRM_MAX_PAUSE : doubled;
			budget.readStarted = clock.instant();
		}

	}

	/** What a read-back spent so far, and its next pause. */
	private static final class Budget extends RetryContextSupport implements BackOffContext {

		private final Duration timeout;

		private Duration spent = Duration.ZERO;

		private Duration left;

		private Duration nextPause = CONFIRM_FIRST_PAUSE;

		private Instant readStarted;

		private Budget(@Nullable RetryContext parent, Duration timeout, Instant started) {
			super(parent);
			this.timeout = timeout;
			this.left = timeout;
			this.readStarted = started;
		}

	}

}

package dev.s2s.broker.iam;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.Sleeper;

/**
 * The pause after as many transient failures as a retry context counts: the
 * {@code Retry-After} IAM sent with the last, a 429 (IAM's RateLimit response documents
 * it in seconds), up to {@code max-retry-after}; else back-off with jitter, between half
 * and all of {@code initial-backoff} times {@code multiplier} per earlier failure, at
 * most {@code max-backoff}, so that many brokers retrying the same outage do not hit IAM
 * in step. The pause grows that way only while IAM is out ({@link RecentFailures#outage}:
 * most recent answers failed); a failure scattered among successes is tried again after
 * at most {@code initial-backoff} times {@code multiplier}, since waiting longer for it
 * only keeps its policy from being done (issue 21: with a fifth of IAM's answers 5xx, the
 * unluckiest policy's doubling pauses set the length of the whole run). Each pause counts
 * once in {@code s2s.iam.retries} and is handed to the {@link Sleeper}, which sleeps it
 * or, for a deferral, does not. Part of the {@link RetrySchedule}; it decides no attempt.
 */
class IamBackOff implements BackOffPolicy {

	private final IamProperties.Retry settings;

	private final Sleeper sleeper;

	private final Counter retries;

	private final RecentFailures failures;

	IamBackOff(IamProperties.Retry settings, RecentFailures failures, Sleeper sleeper, Counter retries) {
		this.settings = settings;
		this.failures = failures;
		this.sleeper = sleeper;
		this.retries = retries;
	}

	@Override
	public Pauses start(RetryContext context) {
		return new Pauses(context);
	}

	@Override
	public void backOff(BackOffContext backOffContext) {
		Pauses pauses = (Pauses) backOffContext;
		pauses.last = pause(pauses.retry.getLastThrowable(), pauses.retry.getRetryCount());
		retries.increment();
		RetrySchedule.sleep(sleeper, pauses.last);
	}

	private Duration pause(Throwable failure, int failed) {
		if (failure instanceof TransientIamFailure transientFailure && transientFailure.retryAfter() != null) {
			Duration asked = transientFailure.retryAfter();
			return asked.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : asked;
		}
		int exponent = failures.outage() ? failed - 1 : Math.min(failed - 1, 1);
		double exponential = settings.initialBackoff().toMillis() * Math.pow(settings.multiplier(), exponent);
		long ceiling = (long) Math.min(exponential, settings.maxBackoff().toMillis());
		long half = ceiling / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
	}

	/** The pauses of one execution: the last one taken. */
	static final class Pauses implements BackOffContext {

		private final RetryContext retry;

		private Duration last = Duration.ZERO;

		private Pauses(RetryContext retry) {
			this.retry = retry;
		}

		Duration last() {
			return last;
		}

	}

}

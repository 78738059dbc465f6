package dev.s2s.broker.iam;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.Sleeper;

/**
 * Pauses between attempts: the {@code Retry-After} IAM sent with a 429 (IAM's RateLimit
 * response documents it in seconds), else exponential backoff with jitter, so that many
 * brokers retrying the same outage do not hit IAM in step.
 */
class IamBackOff implements BackOffPolicy {

	private final IamProperties.Retry settings;

	private final Sleeper sleeper;

	private final Counter retries;

	IamBackOff(IamProperties.Retry settings, Sleeper sleeper, Counter retries) {
		this.settings = settings;
		this.sleeper = sleeper;
		this.retries = retries;
	}

	@Override
	public BackOffContext start(RetryContext context) {
		return new Pauses(context);
	}

	@Override
	public void backOff(BackOffContext backOffContext) {
		Pauses pauses = (Pauses) backOffContext;
		pauses.taken++;
		retries.increment();
		try {
			sleeper.sleep(pause(pauses.retry.getLastThrowable(), pauses.taken).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BackOffInterruptedException("Interrupted while backing off from IAM", ex);
		}
	}

	Duration pause(Throwable failure, int taken) {
		if (failure instanceof TransientIamFailure transientFailure && transientFailure.retryAfter() != null) {
			Duration asked = transientFailure.retryAfter();
			return asked.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : asked;
		}
		double exponential = settings.initialBackoff().toMillis() * Math.pow(settings.multiplier(), taken - 1);
		long ceiling = (long) Math.min(exponential, settings.maxBackoff().toMillis());
		long half = ceiling / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
	}

	private static final class Pauses implements BackOffContext {

		private final RetryContext retry;

		private int taken;

		private Pauses(RetryContext retry) {
			this.retry = retry;
		}

	}

}

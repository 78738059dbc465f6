package dev.s2s.broker.iam;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What every exchange with IAM teaches the broker: measured as {@code s2s.iam.requests}
 * by operation, outcome and status; fed to the {@link AdaptiveLimit} (lowered by every
 * 429, for at most {@code broker.iam.retry.max-retry-after}, raised by every success) and
 * to {@link RecentFailures} (5xx and no answer failed, any other answer but 429
 * answered).
 */
final class AnswerFeedback {

	private final AdaptiveLimit limit;

	private final RecentFailures failures;

	private final Duration maxRetryAfter;

	private final Clock clock;

	private final MeterProvider<Timer> requests;

	AnswerFeedback(AdaptiveLimit limit, RecentFailures failures, Duration maxRetryAfter, Clock clock,
			MeterRegistry meters) {
		this.limit = limit;
		this.failures = failures;
		this.maxRetryAfter = maxRetryAfter;
		this.clock = clock;
		this.requests = Timer.builder("s2s.iam.requests")
			.description("Exchanges with IAM, by operation, outcome and HTTP status")
			.publishPercentileHistogram()
			.withRegistry(meters);
	}

	/** An exchange that got no answer: timeout, refused, reset. */
	void unanswered(String operation, Duration took) {
		measure(operation, IamTransport.TRANSPORT_ERROR, "none", took);
		failures.failed();
	}

	/** Measures an answer; {@link #learn} takes what it says of IAM. */
	void measure(String operation, Answer answer, Duration took) {
		measure(operation, outcome(answer), String.valueOf(answer.status()), took);
	}

	/** What an answer says of IAM's capacity and health. */
	void learn(Answer answer) {
		if (answer.throttled()) {
			Duration asked = answer.retryAfter(clock);
			limit.throttled(asked == null || asked.compareTo(maxRetryAfter) <= 0 ? asked : maxRetryAfter);
		}
		else if (answer.status() < 400) {
			limit.succeeded();
		}
		if (answer.status() >= 500) {
			failures.failed();
		}
		else if (!answer.throttled()) {
			failures.answered();
		}
	}

	private void measure(String operation, String outcome, String status, Duration took) {
		requests.withTags("operation", operation, "outcome", outcome, "status", status).record(took);
	}

	private static String outcome(Answer answer) {
		int status = answer.status();
		if (answer.throttled()) {
			return "throttled";
		}
		if (status >= 500) {
			return "server_error";
		}
		return status >= 400 ? "client_error" : "success";
	}

}

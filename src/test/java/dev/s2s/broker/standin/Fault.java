package dev.s2s.broker.standin;

import java.time.Duration;

/**
 * A scripted misbehaviour of the IAM stand-in for one request.
 *
 * @param status answer with this HTTP status and an IAM error body (0: answer normally)
 * @param retryAfterSeconds the {@code Retry-After} header to send with it, or null
 * @param drop close the connection without answering
 * @param delay wait this long before doing anything else, or null
 * @param answerDelay do the work at once (create the policy, say), then wait this long
 * before answering, or null
 */
public record Fault(int status, Integer retryAfterSeconds, boolean drop, Duration delay, Duration answerDelay) {

	public static Fault status(int status) {
		return new Fault(status, null, false, null, null);
	}

	public static Fault tooManyRequests(int retryAfterSeconds) {
		return new Fault(429, retryAfterSeconds, false, null, null);
	}

	public static Fault dropConnection() {
		return new Fault(0, null, true, null, null);
	}

	public static Fault latency(Duration delay) {
		return new Fault(0, null, false, delay, null);
	}

	/**
	 * IAM does what was asked at once and answers only after {@code delay}: a caller that
	 * dies meanwhile never hears of what IAM did.
	 */
	public static Fault answerLate(Duration delay) {
		return new Fault(0, null, false, null, delay);
	}

}

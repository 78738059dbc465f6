package dev.s2s.broker.iam;

import java.time.Duration;

/** An answer (or lack of one) worth retrying: 429, 5xx, timeouts, resets. */
class TransientIamFailure extends RuntimeException {

	private final IamError error;

	private final Duration retryAfter;

	TransientIamFailure(IamError error, Duration retryAfter) {
		super(error.code() + ": " + error.message(), null, false, false);
		this.error = error;
		this.retryAfter = retryAfter;
	}

	IamError error() {
		return error;
	}

	/** The pause IAM asked for, or null to back off exponentially. */
	Duration retryAfter() {
		return retryAfter;
	}

}

package dev.s2s.broker.iam;

import java.time.Duration;

/** IAM could not answer a read. */
public class IamUnavailable extends RuntimeException {

	private static final int MAX_CODE_LENGTH = 64;

	private final IamError error;

	private final String reason;

	/**
	 * @param timeout how long the read waited for IAM's answer
	 */
	IamUnavailable(IamError error, Duration timeout) {
		this(error, reason(error, timeout));
	}

	/**
	 * @param reason why, in words a caller of the broker may be shown
	 */
	IamUnavailable(IamError error, String reason) {
		super("IAM unavailable: " + error.code() + " " + error.message(), null, false, false);
		this.error = error;
		this.reason = reason;
	}

	public IamError error() {
		return error;
	}

	/**
	 * Why, in words a caller of the broker may be shown: IAM's status and error code, or
	 * that no answer came; never IAM's message, a token or the API key.
	 */
	public String reason() {
		return reason;
	}

	private static String reason(IamError error, Duration timeout) {
		if (IamTransport.TRANSPORT_ERROR.equals(error.code())) {
			// The transport's message starts with the root cause's class name, e.g.
			// HttpTimeoutException, HttpConnectTimeoutException.
			return error.message().contains("TimeoutException")
					? "IAM did not answer within " + timeout.toMillis() + " ms" : "IAM could not be reached";
		}
		if (IamTransport.TOKEN_REQUEST_FAILED.equals(error.code())) {
			return "IAM did not issue a token to the broker"
					+ (error.status() == null ? "" : " (" + error.status() + ")");
		}
		String code = error.code().length() <= MAX_CODE_LENGTH ? error.code()
				: error.code().substring(0, MAX_CODE_LENGTH);
		return "IAM answered " + error.status() + " (" + code + ")";
	}

}

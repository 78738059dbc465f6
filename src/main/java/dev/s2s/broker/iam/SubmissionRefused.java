package dev.s2s.broker.iam;

/**
 * A final answer, not worth retrying: carried out of the retry loop and turned into
 * {@link SubmissionOutcome.Failed} (or {@link IamUnavailable} for a read).
 */
final class SubmissionRefused extends RuntimeException {

	private final IamError error;

	SubmissionRefused(IamError error) {
		super(error.code() + ": " + error.message(), null, false, false);
		this.error = error;
	}

	IamError error() {
		return error;
	}

}

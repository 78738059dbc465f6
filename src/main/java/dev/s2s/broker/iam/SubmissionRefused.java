package dev.s2s.broker.iam;

import org.jspecify.annotations.Nullable;

/**
 * A final answer, not worth retrying: carried out of the retry loop and turned into
 * {@link SubmissionOutcome.Failed} (or {@link IamUnavailable} for a read).
 */
class SubmissionRefused extends RuntimeException {

	private final IamError error;

	private final @Nullable String unreachableAccount;

	SubmissionRefused(IamError error) {
		this(error, null);
	}

	/**
	 * @param unreachableAccount the account the broker has no identity in (none
	 * configured, or IAM refused it), when that is the reason
	 */
	SubmissionRefused(IamError error, @Nullable String unreachableAccount) {
		super(error.code() + ": " + error.message(), null, false, false);
		this.error = error;
		this.unreachableAccount = unreachableAccount;
	}

	IamError error() {
		return error;
	}

	@Nullable String unreachableAccount() {
		return unreachableAccount;
	}

}

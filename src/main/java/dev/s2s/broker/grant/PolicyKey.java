package dev.s2s.broker.grant;

import java.util.UUID;

/** One policy document of a grant: the grant and the document's place in it. */
record PolicyKey(UUID grantId, int ordinal) {

	/**
	 * The description the broker gives the IAM policy it creates for this key, e.g.
	 * {@code s2s-broker grant 0b7f…-… policy 2}: IAM keeps it, so when a later submission
	 * meets IAM's 409, the conflicting policy tells whether this grant's own earlier
	 * attempt made it (an answer lost to a crash or a timeout, issue 13) or someone else
	 * did. Unique per grant and ordinal, readable in the IAM console, well within IAM's
	 * 300 characters.
	 */
	String description() {
		return "s2s-broker grant " + grantId + " policy " + ordinal;
	}

	/**
	 * IAM's {@code Transaction-Id} for the exchanges of one submission of the policy, or
	 * of its deletion when {@code revoking}: every log line and recorded attempt carries
	 * it.
	 */
	String transactionId(boolean revoking) {
		return "s2s-" + grantId + "-" + ordinal + (revoking ? "-revoke" : "");
	}

}

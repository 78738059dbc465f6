package dev.s2s.broker.iam;

/** How the submission (or deletion) of one policy to IAM ended, after all retries. */
public sealed interface SubmissionOutcome {

	/** IAM created the policy (201). */
	record Created(String policyId) implements SubmissionOutcome {
	}

	/**
	 * An identical policy was already there (409 {@code policy_conflict_error}); the
	 * broker adopts it.
	 */
	record Existed(String policyId) implements SubmissionOutcome {
	}

	/** The policy is gone from IAM: deleted now (204) or already (404). */
	record Deleted(String policyId) implements SubmissionOutcome {
	}

	/**
	 * IAM refused the policy, or the retries ran out; {@code error} is the last answer.
	 */
	record Failed(IamError error) implements SubmissionOutcome {
	}

}

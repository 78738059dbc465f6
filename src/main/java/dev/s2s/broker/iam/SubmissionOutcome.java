package dev.s2s.broker.iam;

/** How the submission (or deletion) of one policy to IAM ended, after all retries. */
public sealed interface SubmissionOutcome {

	/**
	 * IAM created the policy for this document: now (201), or in an earlier attempt whose
	 * answer was lost, when IAM's 409 names an equal policy carrying the document's own
	 * description.
	 */
	record Created(String policyId) implements SubmissionOutcome {
	}

	/**
	 * An identical policy someone else made was already there (409
	 * {@code policy_conflict_error}, the policy without the document's description); the
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

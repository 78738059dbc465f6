package dev.s2s.broker.iam;

/** How the submission of one policy document to IAM ended, after all retries. */
public sealed interface SubmissionOutcome {

	/** IAM created the policy (201). */
	record Created(String policyId) implements SubmissionOutcome {
	}

	/** An identical policy was already there (409 {@code policy_conflict_error}); the broker adopts it. */
	record Existed(String policyId) implements SubmissionOutcome {
	}

	/** IAM refused the policy, or the retries ran out; {@code error} is the last answer. */
	record Failed(IamError error) implements SubmissionOutcome {
	}

}

package dev.s2s.broker.iam;

/**
 * The submission stopped because its thread was interrupted (shutdown); IAM may or may
 * not have the policy.
 */
public class SubmissionInterrupted extends RuntimeException {

	SubmissionInterrupted(Throwable cause) {
		super("Submission interrupted", cause);
	}

}

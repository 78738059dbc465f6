package dev.s2s.broker.iam;

/** Told of every exchange with IAM as it happens, so the caller can record it. */
@FunctionalInterface
public interface AttemptListener {

	void attempted(IamAttempt attempt);

}

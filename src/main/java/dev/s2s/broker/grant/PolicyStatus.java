package dev.s2s.broker.grant;

/** Where one policy document of a grant stands in IAM. */
public enum PolicyStatus {

	/** Waiting to be submitted (or re-submitted). */
	PENDING,
	/** IAM created it for this grant. */
	CREATED,
	/** IAM already had an identical policy; the grant adopted it. */
	EXISTED,
	/** IAM refused it or the retries ran out; {@code lastError} says why. */
	FAILED

}

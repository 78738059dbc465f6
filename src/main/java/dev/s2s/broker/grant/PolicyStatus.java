package dev.s2s.broker.grant;

/** Where one policy document of a grant stands in IAM. */
public enum PolicyStatus {

	/** Waiting to be submitted (or re-submitted). */
	PENDING,
	/** IAM created it for this grant. */
	CREATED,
	/** IAM already had an identical policy; the grant adopted it. */
	EXISTED,
	/**
	 * IAM refused it (or its deletion) or the retries ran out; {@code lastError} says
	 * why.
	 */
	FAILED,
	/** The grant is being revoked; waiting to be deleted from IAM. */
	DELETING,
	/** Deleted from IAM by a revoke (or found already gone, or never created). */
	DELETED,
	/** Only adopted by the grant, so left in IAM when the grant was revoked. */
	RETAINED

}

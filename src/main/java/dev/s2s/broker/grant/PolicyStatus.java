package dev.s2s.broker.grant;

/** Where one policy document of a grant stands in IAM. */
public enum PolicyStatus {

	/** Waiting to be submitted (or re-submitted). */
	PENDING,
	/**
	 * IAM created it for this grant (and it carries the grant's mark in its description).
	 */
	CREATED,
	/**
	 * IAM already had an identical policy that this grant did not make (one without its
	 * mark: someone else's, or another grant's); the grant adopted it.
	 */
	EXISTED,
	/**
	 * IAM refused it (or its deletion) or the retries ran out; {@code lastError} says
	 * why.
	 */
	FAILED,
	/**
	 * IAM already had a policy for the same subject and resource that this grant did not
	 * make, without some of its roles; the grant added them ({@code addedRoles}) and
	 * adopted it. A revoke gives back only those roles (issue 20).
	 */
	EXTENDED,
	/** The grant is being revoked; waiting to be deleted from IAM. */
	DELETING,
	/** Deleted from IAM by a revoke (or found already gone, or never created). */
	DELETED,
	/**
	 * Only adopted (or extended) by the grant, so left in IAM when the grant was revoked,
	 * less the roles an extension added.
	 */
	RETAINED

}

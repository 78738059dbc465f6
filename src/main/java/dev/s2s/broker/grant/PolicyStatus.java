package dev.s2s.broker.grant;

import io.swagger.v3.oas.annotations.media.Schema;

/** Where one policy document of a grant stands in IAM. */
@Schema(enumAsRef = true)
public enum PolicyStatus {

	/** Waiting to be submitted (or re-submitted). */
	PENDING,
	/**
	 * IAM created it for this grant (and it carries the grant's mark in its description).
	 */
	CREATED,
	/**
	 * IAM already had a policy for the same subject and resource with at least its roles,
	 * that this grant did not make (one without its mark: someone else's, or another
	 * grant's); the grant adopted it. A revoke leaves it, unless the revoke includes
	 * adopted policies, or another grant created it and no other live grant holds it; an
	 * ADOPT grant's revoke always leaves it.
	 */
	EXISTED,
	/**
	 * IAM refused it (or its deletion) or the retries ran out; {@code lastError} says
	 * why. An ADOPT grant's policy that IAM does not hold fails as
	 * {@code policy_missing}, or {@code policy_roles_missing} when IAM holds it without
	 * some of its roles.
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
	 * Left in IAM when the grant was revoked: only adopted or extended by it (less the
	 * roles an extension added), or created by it and still held by another live grant
	 * (less the roles no live grant needs).
	 */
	RETAINED

}

package dev.s2s.broker.grant;

import java.util.Collection;

import io.swagger.v3.oas.annotations.media.Schema;

/** Where a grant stands, derived from its policies. */
@Schema(enumAsRef = true)
public enum GrantStatus {

	/** Recorded; no policy has been tried yet. */
	PENDING,
	/** The worker is submitting its policies. */
	IN_PROGRESS,
	/** Every policy exists in IAM (created or adopted). */
	SUCCEEDED,
	/**
	 * Every policy exists in IAM, but a verification found one missing or changed out of
	 * band.
	 */
	DRIFTED,
	/**
	 * Every policy was tried and at least one failed; {@code POST /v1/grants/{id}/retry}
	 * re-drives it.
	 */
	FAILED,
	/** Revoke asked for; the worker is deleting its policies from IAM. */
	REVOKING,
	/**
	 * Its policies are gone from IAM (or retained, when only adopted); the intent may be
	 * granted afresh.
	 */
	REVOKED,
	/**
	 * A policy could not be deleted; {@code POST /v1/grants/{id}/retry} re-drives the
	 * deletes.
	 */
	REVOKE_FAILED;

	public boolean isFinal() {
		return this == SUCCEEDED || this == DRIFTED || this == FAILED || this == REVOKED || this == REVOKE_FAILED;
	}

	/**
	 * Whether every policy exists in IAM, so the grant can be read back (verified) or
	 * repaired.
	 */
	public boolean isVerifiable() {
		return this == SUCCEEDED || this == DRIFTED;
	}

	public boolean isRetryable() {
		return this == FAILED || this == REVOKE_FAILED;
	}

	static GrantStatus of(Collection<PolicyStatus> policies, boolean anyTried, boolean revoking, boolean drifted) {
		if (revoking) {
			if (policies.contains(PolicyStatus.DELETING)) {
				return REVOKING;
			}
			return policies.contains(PolicyStatus.FAILED) ? REVOKE_FAILED : REVOKED;
		}
		if (policies.contains(PolicyStatus.PENDING)) {
			return anyTried ? IN_PROGRESS : PENDING;
		}
		if (policies.contains(PolicyStatus.FAILED)) {
			return FAILED;
		}
		return drifted ? DRIFTED : SUCCEEDED;
	}

}

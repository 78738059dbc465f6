package dev.s2s.broker.grant;

import java.util.Collection;

/** Where a grant stands, derived from its policies. */
public enum GrantStatus {

	/** Recorded; no policy has been tried yet. */
	PENDING,
	/** The worker is submitting its policies. */
	IN_PROGRESS,
	/** Every policy exists in IAM (created or adopted). */
	SUCCEEDED,
	/** Every policy was tried and at least one failed; {@code POST /v1/grants/{id}/retry} re-drives it. */
	FAILED;

	public boolean isFinal() {
		return this == SUCCEEDED || this == FAILED;
	}

	static GrantStatus of(Collection<PolicyStatus> policies, boolean anyTried) {
		if (policies.contains(PolicyStatus.PENDING)) {
			return anyTried ? IN_PROGRESS : PENDING;
		}
		return policies.contains(PolicyStatus.FAILED) ? FAILED : SUCCEEDED;
	}

}

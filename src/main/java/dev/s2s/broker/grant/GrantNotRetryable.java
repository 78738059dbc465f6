package dev.s2s.broker.grant;

import java.util.UUID;

import dev.s2s.broker.refusal.Refusal;

/**
 * Only a FAILED or REVOKE_FAILED grant can be re-driven; any other is still working or
 * already done (409).
 */
public class GrantNotRetryable extends Refusal {

	public GrantNotRetryable(UUID id, GrantStatus status) {
		super(409, "grant-not-retryable", "Grant cannot be retried",
				"Grant " + id + " is " + status + "; only a FAILED or REVOKE_FAILED grant can be retried");
	}

}

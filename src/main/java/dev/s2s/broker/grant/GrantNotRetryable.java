package dev.s2s.broker.grant;

import java.util.UUID;

/** Only a FAILED or REVOKE_FAILED grant can be re-driven; any other is still working or already done. */
public class GrantNotRetryable extends RuntimeException {

	public GrantNotRetryable(UUID id, GrantStatus status) {
		super("Grant " + id + " is " + status + "; only a FAILED or REVOKE_FAILED grant can be retried");
	}

}

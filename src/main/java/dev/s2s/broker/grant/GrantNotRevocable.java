package dev.s2s.broker.grant;

import java.util.UUID;

/** A grant whose policies are still being submitted cannot be revoked until it is done. */
public class GrantNotRevocable extends RuntimeException {

	public GrantNotRevocable(UUID id, GrantStatus status) {
		super("Grant " + id + " is " + status + "; wait until it is SUCCEEDED or FAILED to revoke it");
	}

}

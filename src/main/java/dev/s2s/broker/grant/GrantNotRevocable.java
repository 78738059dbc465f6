package dev.s2s.broker.grant;

import java.util.UUID;

import dev.s2s.broker.refusal.Refusal;

/**
 * A grant whose policies are still being submitted cannot be revoked until it is done
 * (409).
 */
public class GrantNotRevocable extends Refusal {

	public GrantNotRevocable(UUID id, GrantStatus status) {
		super(409, "grant-not-revocable", "Grant cannot be revoked yet",
				"Grant " + id + " is " + status + "; wait until it is SUCCEEDED or FAILED to revoke it");
	}

}

package dev.s2s.broker.grant;

import java.util.UUID;

import dev.s2s.broker.refusal.Refusal;

/**
 * Only a grant whose policies all exist in IAM (SUCCEEDED or DRIFTED) can be verified or
 * repaired (409).
 */
public class GrantNotVerifiable extends Refusal {

	/**
	 * @param requirement what the grant's status must be, e.g. "only a SUCCEEDED or
	 * DRIFTED grant can be verified"
	 */
	public GrantNotVerifiable(UUID id, GrantStatus status, String requirement) {
		super(409, "grant-not-verifiable", "Grant cannot be verified or repaired now",
				"Grant " + id + " is " + status + "; " + requirement);
	}

}

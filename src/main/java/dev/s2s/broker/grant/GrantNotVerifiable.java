package dev.s2s.broker.grant;

import java.util.UUID;

/** Only a grant whose policies all exist in IAM (SUCCEEDED or DRIFTED) can be verified or repaired. */
public class GrantNotVerifiable extends RuntimeException {

	public GrantNotVerifiable(UUID id, GrantStatus status, String action) {
		super("Grant " + id + " is " + status + "; only a SUCCEEDED or DRIFTED grant can be " + action);
	}

}

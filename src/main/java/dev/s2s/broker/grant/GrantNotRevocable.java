package dev.s2s.broker.grant;

import java.util.UUID;

import dev.s2s.broker.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A grant whose policies are still being submitted cannot be revoked until it is done
 * (409).
 */
public class GrantNotRevocable extends ErrorResponseException {

	public GrantNotRevocable(UUID id, GrantStatus status) {
		super(HttpStatus.CONFLICT,
				Problems.of(HttpStatus.CONFLICT, "Grant cannot be revoked yet",
						"Grant " + id + " is " + status + "; wait until it is SUCCEEDED or FAILED to revoke it",
						"grant-not-revocable"),
				null);
	}

}

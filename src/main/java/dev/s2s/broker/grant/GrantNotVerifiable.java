package dev.s2s.broker.grant;

import java.util.UUID;

import dev.s2s.broker.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Only a grant whose policies all exist in IAM (SUCCEEDED or DRIFTED) can be verified or
 * repaired (409).
 */
public class GrantNotVerifiable extends ErrorResponseException {

	/**
	 * @param requirement what the grant's status must be, e.g. "only a SUCCEEDED or
	 * DRIFTED grant can be verified"
	 */
	public GrantNotVerifiable(UUID id, GrantStatus status, String requirement) {
		super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "Grant cannot be verified or repaired now",
				"Grant " + id + " is " + status + "; " + requirement, "grant-not-verifiable"), null);
	}

}

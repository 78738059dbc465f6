package dev.s2s.broker.grant;

import java.util.UUID;

import dev.s2s.broker.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Only a FAILED or REVOKE_FAILED grant can be re-driven; any other is still working or
 * already done (409).
 */
public class GrantNotRetryable extends ErrorResponseException {

	public GrantNotRetryable(UUID id, GrantStatus status) {
		super(HttpStatus.CONFLICT,
				Problems.of(HttpStatus.CONFLICT, "Grant cannot be retried",
						"Grant " + id + " is " + status + "; only a FAILED or REVOKE_FAILED grant can be retried",
						"grant-not-retryable"),
				null);
	}

}

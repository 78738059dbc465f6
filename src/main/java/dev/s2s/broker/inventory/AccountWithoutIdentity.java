package dev.s2s.broker.inventory;

import dev.s2s.broker.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The broker has no identity in the account (409): none is configured, or IAM refused to
 * let it assume the account's trusted profile. IAM would list such an account as empty,
 * which must not pass for "nothing there". Lasts until the account is onboarded;
 * {@code GET /v1/accounts/{accountId}/identity} tells what the broker sees.
 */
public class AccountWithoutIdentity extends ErrorResponseException {

	AccountWithoutIdentity(String accountId, String reason) {
		super(HttpStatus.CONFLICT,
				Problems.of(HttpStatus.CONFLICT, "No identity in account",
						"The authorization policies of account " + accountId + " cannot be read: " + reason,
						"no-identity-in-account"),
				null);
	}

}

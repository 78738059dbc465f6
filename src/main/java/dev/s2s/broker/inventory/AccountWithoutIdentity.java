package dev.s2s.broker.inventory;

import dev.s2s.broker.refusal.Refusal;

/**
 * The broker has no identity in the account (409): none is configured, or IAM refused to
 * let it assume the account's trusted profile. IAM would list such an account as empty,
 * which must not pass for "nothing there". Lasts until the account is onboarded;
 * {@code GET /v1/accounts/{accountId}/identity} tells what the broker sees.
 */
public class AccountWithoutIdentity extends Refusal {

	AccountWithoutIdentity(String accountId, String reason) {
		super(409, "no-identity-in-account", "No identity in account",
				"The authorization policies of account " + accountId + " cannot be read: " + reason);
	}

}

package dev.s2s.broker.inventory;

import dev.s2s.broker.refusal.Refusal;

/**
 * IAM could not be read for an inventory (503): it failed, or did not answer in time.
 * Nothing was changed; the request may be repeated.
 */
public class InventoryUnavailable extends Refusal {

	InventoryUnavailable(String accountId, String reason) {
		super(503, "iam-unavailable", "IAM unavailable", "The authorization policies of account " + accountId
				+ " could not be read from IAM: " + reason + "; repeat the request later");
	}

}

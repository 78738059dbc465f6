package dev.s2s.broker.inventory;

import dev.s2s.broker.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * IAM could not be read for an inventory (503): it failed, or did not answer in time.
 * Nothing was changed; the request may be repeated.
 */
public class InventoryUnavailable extends ErrorResponseException {

	InventoryUnavailable(String accountId, String reason) {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				Problems.of(
						HttpStatus.SERVICE_UNAVAILABLE, "IAM unavailable", "The authorization policies of account "
								+ accountId + " could not be read from IAM: " + reason + "; repeat the request later",
						"iam-unavailable"),
				null);
	}

}

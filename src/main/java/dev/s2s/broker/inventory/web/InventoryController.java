package dev.s2s.broker.inventory.web;

import jakarta.validation.constraints.Pattern;

import dev.s2s.broker.inventory.AccountIdentity;
import dev.s2s.broker.inventory.AccountInventory;
import dev.s2s.broker.inventory.Inventory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Inventory", description = "What an account already holds, read back into recipes")
class InventoryController {

	/** The RFC 9457 problem schema that {@code web.OpenApiConfiguration} documents. */
	private static final String PROBLEM = "#/components/schemas/Problem";

	private final Inventory inventory;

	InventoryController(Inventory inventory) {
		this.inventory = inventory;
	}

	@GetMapping("/accounts/{accountId}/authorizations")
	@Operation(operationId = "getAccountInventory", summary = "Inventory an account's authorization policies",
			description = "Reads every authorization policy IAM files under the account (GET /v1/policies?"
					+ "account_id=...&type=authorization, all pages, each read once within "
					+ "broker.iam.timeouts.inventory-read) and answers, for each, which recipe policy it is and with "
					+ "which parameters (if any), and whether a grant of the broker holds it; and which intents "
					+ "the account's policies satisfy, FULL or PARTIAL. To adopt what is unmanaged, grant the "
					+ "intent: IAM's 409 for the policy makes the grant adopt it (or extend it with missing roles). A policy "
					+ "is an intent's when it has the intent's subject and resource and at least its roles. Reads only; needs READ on "
					+ "the account.")
	@ApiResponse(responseCode = "200", description = "The account's inventory")
	@ApiResponse(responseCode = "400", description = "The account id is not 32 lowercase hexadecimal characters")
	@ApiResponse(responseCode = "403", description = "The caller may not read the account",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM)))
	@ApiResponse(responseCode = "409",
			description = "The broker has no identity in the account (no trusted profile configured, or IAM refused "
					+ "it), so IAM cannot be read there: see GET /v1/accounts/{accountId}/identity",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM)))
	@ApiResponse(responseCode = "503", description = "IAM could not be read: it failed or did not answer in time",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM)))
	AccountInventory authorizations(@Parameter(description = "The IBM Cloud account") @PathVariable @Pattern(
			regexp = "^[0-9a-f]{32}$", message = "must be 32 lowercase hexadecimal characters") String accountId) {
		return inventory.of(accountId);
	}

	@GetMapping("/accounts/{accountId}/identity")
	@Operation(operationId = "getAccountIdentity", summary = "Which IAM identity the broker acts with in an account",
			description = "IAM creates an authorization in its target's account, for a caller of that account: the "
					+ "broker acts in its home account as its base identity (API key or compute resource token) "
					+ "and in every other account as a trusted profile of that account it assumes "
					+ "(broker.iam.accounts.profiles.{accountId}, else broker.iam.accounts.default-profile-name). "
					+ "Answers which identity that is, and whether IAM gives the broker a token there now (asked "
					+ "unless a token is cached, whatever refusal was remembered): the preflight before onboarding "
					+ "an account. Changes nothing; needs READ on the account.")
	@ApiResponse(responseCode = "200", description = "The broker's identity in the account, and whether it works",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = AccountIdentity.class),
					examples = {
							@ExampleObject(name = "profile", summary = IdentityExamples.WORKS_SUMMARY,
									description = IdentityExamples.WORKS_DESCRIPTION, value = IdentityExamples.WORKS),
							@ExampleObject(name = "profile-refused", summary = IdentityExamples.REFUSED_SUMMARY,
									description = IdentityExamples.REFUSED_DESCRIPTION,
									value = IdentityExamples.REFUSED) }))
	@ApiResponse(responseCode = "400", description = "The account id is not 32 lowercase hexadecimal characters")
	@ApiResponse(responseCode = "403", description = "The caller may not read the account",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM)))
	AccountIdentity identity(@Parameter(description = "The IBM Cloud account") @PathVariable @Pattern(
			regexp = "^[0-9a-f]{32}$", message = "must be 32 lowercase hexadecimal characters") String accountId) {
		return inventory.identity(accountId);
	}

}

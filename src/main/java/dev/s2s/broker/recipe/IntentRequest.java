package dev.s2s.broker.recipe;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

import org.jspecify.annotations.Nullable;

/**
 * A request for an intent as a caller sends it: a recipe of the catalog and its
 * parameters, not yet checked ({@link RecipeCatalog#intent} turns it into an
 * {@link Intent}), and, when it is granted, how ({@link #modeOrDefault}).
 */
@Schema(description = "An intent: a recipe of the catalog and its parameters")
public record IntentRequest(
		@Schema(description = "Name of the recipe, see GET /v1/recipes", example = "vpc-backup",
				requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String recipe,
		@Schema(description = "The recipe's parameters, each a string in the parameter's format",
				example = "{\"accountId\": \"0123456789abcdef0123456789abcdef\"}") @Nullable Map<String, Object> parameters,
		@Schema(description = "How a grant makes the intent hold in IAM: CREATE (the default) creates what IAM lacks; "
				+ "ADOPT only checks that IAM holds each policy (made elsewhere, e.g. by a Terraform module with "
				+ "skip_iam_authorization_policy) and adopts it, or fails it as policy_missing, never writing to IAM, "
				+ "not even when the grant is revoked or repaired. A plan ignores it") @Nullable GrantMode mode) {

	/** The mode asked for, CREATE when none was. */
	public GrantMode modeOrDefault() {
		return mode == null ? GrantMode.CREATE : mode;
	}

}

package dev.s2s.broker.web;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** A request for an intent: a recipe from the catalog and its parameters. */
@Schema(description = "An intent: a recipe of the catalog and its parameters")
public record IntentRequest(
		@Schema(description = "Name of the recipe, see GET /v1/recipes", example = "vpc-backup",
				requiredMode = Schema.RequiredMode.REQUIRED) String recipe,
		@Schema(description = "The recipe's parameters, each a string in the parameter's format",
				example = "{\"accountId\": \"0123456789abcdef0123456789abcdef\"}") Map<String, Object> parameters) {
}

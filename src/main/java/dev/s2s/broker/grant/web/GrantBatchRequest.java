package dev.s2s.broker.grant.web;

import java.util.List;

import dev.s2s.broker.recipe.IntentRequest;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Many intents at once, e.g. to onboard hundreds of accounts")
record GrantBatchRequest(@ArraySchema(minItems = 1, maxItems = 1000,
		schema = @Schema(implementation = IntentRequest.class)) List<IntentRequest> intents) {
}

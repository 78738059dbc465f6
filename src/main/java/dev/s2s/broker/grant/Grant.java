package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.s2s.broker.recipe.GrantMode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One recorded intent and the IAM policies it expands to.
 *
 * @param accounts the IBM Cloud accounts the intent names, source and target: who may see
 * the grant
 * @param mode how the grant makes its intent hold: ADOPT grants never write to IAM
 * @param confirmedAt when IAM served the last of its policies by id, read back after it
 * was created or adopted; null until the grant succeeds (and for grants that succeeded
 * before the broker read policies back)
 */
public record Grant(@Schema(example = "6b933697-c7a5-4fb4-b053-6163dba2c484") UUID id,
		@Schema(example = "vpc-backup") String recipe,
		@Schema(example = "{\"accountId\": \"0123456789abcdef0123456789abcdef\"}") Map<String, String> parameters,
		@Schema(description = "The IBM Cloud accounts the intent names, source and target",
				example = "[\"0123456789abcdef0123456789abcdef\"]") List<String> accounts,
		@Schema(description = "How the grant makes its intent hold in IAM: CREATE creates what IAM lacks; ADOPT only "
				+ "adopts policies made elsewhere (each EXISTED, or FAILED as policy_missing or policy_roles_missing) "
				+ "and never writes to IAM, not even when revoked or repaired", example = "CREATE") GrantMode mode,
		@Schema(example = "SUCCEEDED") GrantStatus status,
		@Schema(example = "2026-01-15T09:30:12.481263Z") OffsetDateTime createdAt,
		@Schema(example = "2026-01-15T09:30:12.744105Z") OffsetDateTime updatedAt,
		@Schema(description = "When IAM served the last of its policies, read back by id after it was created or adopted "
				+ "(GET /v1/policies/{id}); absent until the grant first succeeds",
				example = "2026-01-15T09:30:12.744105Z") @Nullable OffsetDateTime confirmedAt,
		List<GrantPolicy> policies) {

	public Grant {
		parameters = Map.copyOf(parameters);
		accounts = List.copyOf(accounts);
		policies = List.copyOf(policies);
	}

	Set<String> accountSet() {
		return Set.copyOf(accounts);
	}

}

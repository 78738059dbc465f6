package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One recorded intent and the IAM policies it expands to.
 *
 * @param accounts the IBM Cloud accounts the intent names, source and target: who may see
 * the grant
 */
public record Grant(UUID id, String recipe, Map<String, String> parameters,
		@Schema(description = "The IBM Cloud accounts the intent names, source and target") List<String> accounts,
		GrantStatus status, OffsetDateTime createdAt, OffsetDateTime updatedAt, List<GrantPolicy> policies) {

	public Grant {
		parameters = Map.copyOf(parameters);
		accounts = List.copyOf(accounts);
		policies = List.copyOf(policies);
	}

	Set<String> accountSet() {
		return Set.copyOf(accounts);
	}

}

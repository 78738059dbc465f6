package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One recorded intent and the IAM policies it expands to. */
public record Grant(UUID id, String recipe, Map<String, String> parameters, GrantStatus status,
		OffsetDateTime createdAt, OffsetDateTime updatedAt, List<GrantPolicy> policies) {

	public Grant {
		parameters = Map.copyOf(parameters);
		policies = List.copyOf(policies);
	}

}

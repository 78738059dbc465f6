package dev.s2s.broker.access;

import java.util.List;

/**
 * Who calls the broker, from the claims of their bearer token.
 *
 * @param id the IAM id ({@code iam_id}), which every accepted token carries: what access
 * rules, audit events and idempotency keys are kept by
 * @param groups the token's {@code groups} claim, if any
 * @param scopes the token's {@code scope} claim, split
 */
public record Caller(String id, List<String> groups, List<String> scopes) {

	public Caller {
		groups = List.copyOf(groups);
		scopes = List.copyOf(scopes);
	}

}

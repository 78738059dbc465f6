package dev.s2s.broker.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * When two IAM policies are the same grant, and which policy a
 * {@code policy_conflict_error} names. Pure functions of IAM's JSON: a policy as the
 * broker submits it and as IAM lists it compare alike.
 */
final class PolicyMatching {

	private PolicyMatching() {
	}

	/**
	 * What makes two policies the same grant: type, subject and resource attributes, and
	 * role ids, each in a stable order. Everything else IAM adds ({@code id},
	 * {@code href}, {@code state}, {@code display_name}, {@code operator}, timestamps) is
	 * left out. Equal results mean the same grant; the result's {@code toString} is
	 * readable enough to show a difference.
	 */
	static List<Object> comparable(JsonNode policy) {
		return List.of(policy.path("type").asString(""), attributes(policy.path("subjects")),
				roles(policy.path("roles")), attributes(policy.path("resources")));
	}

	/**
	 * The id of the policy a 409 {@code policy_conflict_error} names in
	 * {@code errors[0].details.conflicts_with.policy}: as the policy id (the API spec's
	 * {@code ConflictsWith} schema), or, as IAM answers in practice, as the whole policy
	 * object with its {@code id}. Empty when IAM names none.
	 */
	static Optional<String> conflictingPolicyId(JsonNode body) {
		JsonNode policy = body.path("errors").path(0).path("details").path("conflicts_with").path("policy");
		if (policy.isString() && !policy.asString().isBlank()) {
			return Optional.of(policy.asString());
		}
		if (policy.isObject() && policy.path("id").isString()) {
			return Optional.of(policy.path("id").asString());
		}
		return Optional.empty();
	}

	private static List<List<String>> attributes(JsonNode holders) {
		List<List<String>> attributes = new ArrayList<>();
		for (JsonNode holder : holders) {
			for (JsonNode attribute : holder.path("attributes")) {
				attributes.add(List.of(attribute.path("name").asString(""), attribute.path("value").asString("")));
			}
		}
		attributes.sort((a, b) -> String.join("=", a).compareTo(String.join("=", b)));
		return attributes;
	}

	private static List<String> roles(JsonNode roles) {
		List<String> ids = new ArrayList<>();
		roles.forEach(role -> ids.add(role.path("role_id").asString("")));
		ids.sort(String::compareTo);
		return ids;
	}

}

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
	 * role ids, each in a stable order; an attribute's operator counts, one left out
	 * being {@code stringEquals}. Everything else IAM adds ({@code id}, {@code href},
	 * {@code state}, {@code display_name}, timestamps) is left out, and so is the
	 * {@code description}: IAM's conflict detection ignores it, and the broker's mark in
	 * it must not make its own policies look changed. Equal results mean the same grant;
	 * the result's {@code toString} is readable enough to show a difference.
	 */
	static List<Object> comparable(JsonNode policy) {
		return List.of(policy.path("type").asString(""), attributes(policy.path("subjects")),
				roles(policy.path("roles")), attributes(policy.path("resources")));
	}

	/**
	 * Where a policy applies: its type, subject and resource attributes, as
	 * {@link #comparable} has them, without the roles. IAM holds one policy per place:
	 * its 409 reads "A policy already exists for the given subject and resource",
	 * whatever the roles (issue 20).
	 */
	static List<Object> place(JsonNode policy) {
		return List.of(policy.path("type").asString(""), attributes(policy.path("subjects")),
				attributes(policy.path("resources")));
	}

	/** A policy's role ids, sorted. */
	static List<String> roleIds(JsonNode policy) {
		return roles(policy.path("roles"));
	}

	/**
	 * The roles of {@code wanted} that {@code held} lacks, sorted: what an existing
	 * policy must gain before it is the intent.
	 */
	static List<String> missingRoles(JsonNode wanted, JsonNode held) {
		List<String> missing = new ArrayList<>(roleIds(wanted));
		missing.removeAll(roleIds(held));
		return missing;
	}

	/** The ETag a 409 gives of the policy it names, if any. */
	static Optional<String> conflictingEtag(JsonNode body) {
		JsonNode etag = body.path("errors").path(0).path("details").path("conflicts_with").path("etag");
		return etag.isString() && !etag.asString().isBlank() ? Optional.of(etag.asString()) : Optional.empty();
	}

	/**
	 * The id of the policy a 409 {@code policy_conflict_error} names in
	 * {@code errors[0].details.conflicts_with.policy}: as the policy id (the API spec's
	 * {@code ConflictsWith} schema), or, as IAM answers in practice, as the whole policy
	 * object with its {@code id}. Empty when IAM names none.
	 */
	static Optional<String> conflictingPolicyId(JsonNode body) {
		JsonNode policy = conflictsWith(body);
		if (policy.isString() && !policy.asString().isBlank()) {
			return Optional.of(policy.asString());
		}
		if (policy.isObject() && policy.path("id").isString()) {
			return Optional.of(policy.path("id").asString());
		}
		return Optional.empty();
	}

	/**
	 * The whole policy a 409 {@code policy_conflict_error} names, when IAM sends it as an
	 * object (as it does in practice); empty when it names only the id, or nothing.
	 */
	static Optional<JsonNode> conflictingPolicy(JsonNode body) {
		JsonNode policy = conflictsWith(body);
		return policy.isObject() && policy.path("id").isString() ? Optional.of(policy) : Optional.empty();
	}

	/** A policy's id, as IAM returns and lists it. */
	static String id(JsonNode policy) {
		return policy.path("id").asString();
	}

	/** A policy's {@code description}, empty when it has none. */
	static Optional<String> description(JsonNode policy) {
		JsonNode description = policy.path("description");
		return description.isString() ? Optional.of(description.asString()) : Optional.empty();
	}

	private static JsonNode conflictsWith(JsonNode body) {
		return body.path("errors").path(0).path("details").path("conflicts_with").path("policy");
	}

	private static List<List<String>> attributes(JsonNode holders) {
		List<List<String>> attributes = new ArrayList<>();
		for (JsonNode holder : holders) {
			for (JsonNode attribute : holder.path("attributes")) {
				attributes.add(List.of(attribute.path("name").asString(""), attribute.path("value").asString(""),
						attribute.path("operator").asString("stringEquals")));
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

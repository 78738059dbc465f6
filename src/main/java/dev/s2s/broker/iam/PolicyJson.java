package dev.s2s.broker.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.s2s.broker.recipe.PolicyDocument;
import tools.jackson.databind.JsonNode;

/**
 * A policy as IAM's JSON has it, read as the broker needs it: the policy document it is
 * (to compare by {@link dev.s2s.broker.recipe.PolicyIdentity}), its id, description and
 * role CRNs, and which policy a {@code policy_conflict_error} names. Pure functions of
 * IAM's JSON; what makes two policies the same is not decided here.
 */
final class PolicyJson {

	private PolicyJson() {
	}

	/**
	 * The policy document a policy IAM holds is: type, subject and resource attributes
	 * (with each operator IAM names) and role CRNs, as IAM has them. IAM's own fields
	 * ({@code id}, {@code href}, {@code state}, timestamps, role display names) and the
	 * description are left out.
	 */
	static PolicyDocument document(JsonNode policy) {
		List<PolicyDocument.Subject> subjects = new ArrayList<>();
		policy.path("subjects").forEach(subject -> subjects.add(new PolicyDocument.Subject(attributes(subject))));
		List<PolicyDocument.Role> roles = new ArrayList<>();
		policy.path("roles").forEach(role -> roles.add(new PolicyDocument.Role(role.path("role_id").asString(""))));
		List<PolicyDocument.Resource> resources = new ArrayList<>();
		policy.path("resources").forEach(resource -> resources.add(new PolicyDocument.Resource(attributes(resource))));
		return new PolicyDocument(policy.path("type").asString(""), subjects, roles, resources);
	}

	/** A policy's role CRNs as IAM holds them, sorted. */
	static List<String> roleIds(JsonNode policy) {
		List<String> ids = new ArrayList<>();
		policy.path("roles").forEach(role -> ids.add(role.path("role_id").asString("")));
		ids.sort(String::compareTo);
		return ids;
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

	private static List<PolicyDocument.Attribute> attributes(JsonNode holder) {
		List<PolicyDocument.Attribute> attributes = new ArrayList<>();
		holder.path("attributes")
			.forEach(attribute -> attributes.add(new PolicyDocument.Attribute(attribute.path("name").asString(""),
					attribute.path("value").asString(""),
					attribute.path("operator").isString() ? attribute.path("operator").asString() : null)));
		return attributes;
	}

}

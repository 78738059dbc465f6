package dev.s2s.broker.iam;

import java.util.ArrayList;
import java.util.List;

import dev.s2s.broker.recipe.PolicyDocument;
import tools.jackson.databind.JsonNode;

/**
 * One policy as IAM lists it ({@code PolicyTemplateMetaData} of a
 * {@code PolicyCollection}): its id and what makes it the policy it is. IAM's own fields
 * ({@code href}, {@code state}, timestamps, role display names) and the description are
 * left out.
 *
 * @param document type, subject and resource attributes (with each operator IAM lists)
 * and role CRNs, as IAM lists them
 */
public record ListedPolicy(String id, PolicyDocument document) {

	static ListedPolicy of(JsonNode policy) {
		List<PolicyDocument.Subject> subjects = new ArrayList<>();
		policy.path("subjects").forEach(subject -> subjects.add(new PolicyDocument.Subject(attributes(subject))));
		List<PolicyDocument.Role> roles = new ArrayList<>();
		policy.path("roles").forEach(role -> roles.add(new PolicyDocument.Role(role.path("role_id").asString(""))));
		List<PolicyDocument.Resource> resources = new ArrayList<>();
		policy.path("resources").forEach(resource -> resources.add(new PolicyDocument.Resource(attributes(resource))));
		return new ListedPolicy(PolicyMatching.id(policy),
				new PolicyDocument(policy.path("type").asString(""), subjects, roles, resources));
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

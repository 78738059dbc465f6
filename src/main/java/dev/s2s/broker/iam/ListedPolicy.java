package dev.s2s.broker.iam;

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
		return new ListedPolicy(PolicyJson.id(policy), PolicyJson.document(policy));
	}

}

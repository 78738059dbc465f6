package dev.s2s.broker.grant;

import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.recipe.PolicyDocument;

import org.jspecify.annotations.Nullable;

/**
 * One policy document of a grant and what became of it.
 *
 * @param ordinal its place in the recipe's expansion
 * @param document the exact body submitted to {@code POST /v1/policies}
 * @param iamPolicyId the id of the policy in IAM, once created or adopted
 * @param attempts how many exchanges with IAM were made for it so far
 * @param lastError IAM's last error answer, or null
 * @param drift what the last verification found, or null if never verified
 */
public record GrantPolicy(int ordinal, PolicyDocument document, PolicyStatus status, @Nullable String iamPolicyId,
		int attempts, @Nullable IamError lastError, @Nullable Drift drift) {
}

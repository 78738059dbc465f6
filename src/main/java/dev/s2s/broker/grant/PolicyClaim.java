package dev.s2s.broker.grant;

import java.util.List;

import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.PolicyDocument;
import org.jspecify.annotations.Nullable;

/**
 * A policy this instance now works on: to create ({@code PENDING}) or to delete
 * ({@code DELETING}).
 *
 * @param failedBefore how many attempts at it failed transiently since its last outcome
 * ({@link PolicyQueue#defer})
 * @param addedRoles the roles the grant added to a policy it extended, when it did
 * @param mode its grant's mode: an ADOPT grant's policy is only looked for in IAM
 */
record PolicyClaim(PolicyKey key, PolicyDocument document, PolicyStatus status, @Nullable String iamPolicyId,
		int failedBefore, @Nullable List<String> addedRoles, GrantMode mode) {

	boolean isDeletion() {
		return status == PolicyStatus.DELETING;
	}

}

package dev.s2s.broker.grant;

import java.util.List;

import dev.s2s.broker.recipe.PolicyDocument;
import org.jspecify.annotations.Nullable;

/**
 * A policy this instance now works on: to create ({@code PENDING}) or to delete
 * ({@code DELETING}).
 *
 * @param failedBefore how many attempts at it failed transiently since its last outcome
 * ({@link PolicyQueue#defer})
 * @param addedRoles the roles the grant added to a policy it extended, when it did
 */
record PolicyClaim(PolicyKey key, PolicyDocument document, PolicyStatus status, @Nullable String iamPolicyId,
		int failedBefore, @Nullable List<String> addedRoles) {

	PolicyClaim(PolicyKey key, PolicyDocument document, PolicyStatus status, @Nullable String iamPolicyId,
			int failedBefore) {
		this(key, document, status, iamPolicyId, failedBefore, null);
	}

	boolean isDeletion() {
		return status == PolicyStatus.DELETING;
	}

}

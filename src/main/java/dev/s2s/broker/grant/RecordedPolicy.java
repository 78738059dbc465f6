package dev.s2s.broker.grant;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An IAM policy the broker holds for a grant: created by it, or adopted.
 *
 * @param grantId the grant, or null when the caller may not read it (it names an account
 * the caller may not read, so it is hidden as {@code GET /v1/grants/{id}} hides it)
 * @param grantStatus the grant's status, or null when the grant is hidden
 * @param policyStatus where the policy stands in the grant: {@code CREATED} or
 * {@code EXISTED} (adopted), {@code DELETING} while a revoke removes it, {@code FAILED}
 * when that failed
 */
public record RecordedPolicy(@Nullable UUID grantId, @Nullable GrantStatus grantStatus, PolicyStatus policyStatus) {
}

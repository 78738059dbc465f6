package dev.s2s.broker.grant;

import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
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
public record RecordedPolicy(
		@Schema(description = "The grant; absent when the caller may not read it",
				example = "6b933697-c7a5-4fb4-b053-6163dba2c484") @Nullable UUID grantId,
		@Schema(description = "The grant's status; absent when the caller may not read it",
				example = "SUCCEEDED") @Nullable GrantStatus grantStatus,
		@Schema(example = "CREATED") PolicyStatus policyStatus) {
}

package dev.s2s.broker.grant;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One recorded exchange with IAM for one policy of a grant. Its examples are IAM's 429 to
 * the first try of policy 0 of a grant, which the broker retried.
 */
public record SubmissionAttempt(@Schema(example = "0") int ordinal, @Schema(example = "create_policy") String operation,
		@Schema(example = "s2s-6b933697-c7a5-4fb4-b053-6163dba2c484-0") String transactionId,
		@Schema(example = "2026-01-15T09:30:12.533187Z") OffsetDateTime startedAt,
		@Schema(example = "212") long durationMs,
		@Schema(description = "The HTTP status IAM answered; absent when no answer arrived (timeout, reset)",
				example = "429") @Nullable Integer httpStatus,
		@Schema(description = "IAM's error code, or the broker's name for a transport failure; absent when the "
				+ "exchange succeeded", example = "too_many_requests") @Nullable String errorCode,
		@Schema(description = "IAM's error message; absent when the exchange succeeded",
				example = "Too many requests.") @Nullable String errorMessage,
		@Schema(description = "IAM's trace id; absent when IAM sent none",
				example = "594b30f3c3b2418ba6864cf5eb482221") @Nullable String iamTrace,
		@Schema(description = "The IAM identity the request was made as: the trusted profile of the policy's "
				+ "target account, or the broker's base identity in its home account; absent when no token was had "
				+ "(and for exchanges recorded before the broker kept it)",
				example = "iam-Profile-9f1c2e4a-5b7d-4c3e-8a1f-2d6b0e9c7a53") @Nullable String iamId) {
}

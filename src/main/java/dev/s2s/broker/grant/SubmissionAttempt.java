package dev.s2s.broker.grant;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/** One recorded exchange with IAM for one policy of a grant. */
public record SubmissionAttempt(int ordinal, String operation, String transactionId, OffsetDateTime startedAt,
		long durationMs, @Nullable Integer httpStatus, @Nullable String errorCode, @Nullable String errorMessage,
		@Nullable String iamTrace) {
}

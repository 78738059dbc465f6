package dev.s2s.broker.grant;

import java.time.OffsetDateTime;

/** One recorded exchange with IAM for one policy of a grant. */
public record SubmissionAttempt(int ordinal, String operation, String transactionId, OffsetDateTime startedAt,
		long durationMs, Integer httpStatus, String errorCode, String errorMessage, String iamTrace) {
}

package dev.s2s.broker.iam;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange with IAM on behalf of a submission.
 *
 * @param operation {@code token}, {@code create_policy}, {@code get_policy},
 * {@code delete_policy} or {@code list_policies}
 * @param transactionId the {@code Transaction-Id} header sent, which IAM logs too
 * @param startedAt when the request left
 * @param duration until the answer (or the failure) arrived
 * @param httpStatus IAM's status, or null when no answer arrived
 * @param error what went wrong, or null for a successful exchange
 * @param iamId the IAM identity the request was made as (its token's {@code iam_id});
 * null when no token was had
 */
public record IamAttempt(String operation, String transactionId, Instant startedAt, Duration duration,
		@Nullable Integer httpStatus, @Nullable IamError error, @Nullable String iamId) {
}

package dev.s2s.broker.access;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One recorded decision: a caller asked for an operation, and it was allowed or denied.
 *
 * @param caller the caller's IAM id
 * @param grantId the grant concerned, if there was one
 * @param recipe the recipe concerned, if any
 * @param accounts the accounts the request named (source and target), in the intent's
 * order
 * @param detail why a request was denied
 */
@Schema(example = """
		{"id": 1842, "at": "2026-01-15T09:52:40.207731Z", "caller": "iam-ServiceId-5c3a9e2f-8b1d-4f6a-9e7c-2d4b6a8c0e13",
		 "operation": "GRANT", "outcome": "DENIED", "recipe": "vpc-backup",
		 "accounts": ["fedcba9876543210fedcba9876543210"],
		 "detail": "Caller iam-ServiceId-5c3a9e2f-8b1d-4f6a-9e7c-2d4b6a8c0e13 may not grant with recipe vpc-backup on \
		accounts [fedcba9876543210fedcba9876543210]"}""")
public record AuditEvent(long id, OffsetDateTime at, String caller, Operation operation, AuditOutcome outcome,
		@Schema(description = "The grant concerned; absent when there is none, e.g. for a grant request "
				+ "refused before anything was recorded") @Nullable UUID grantId,
		@Schema(description = "The recipe concerned; absent when the request named none, e.g. a read") @Nullable String recipe,
		List<String> accounts,
		@Schema(description = "Why the request was denied; absent when it was allowed") @Nullable String detail) {

	public AuditEvent {
		accounts = List.copyOf(accounts);
	}

}

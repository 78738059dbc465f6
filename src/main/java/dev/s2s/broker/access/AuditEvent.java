package dev.s2s.broker.access;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

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
public record AuditEvent(long id, OffsetDateTime at, String caller, Operation operation, AuditOutcome outcome,
		@Nullable UUID grantId, @Nullable String recipe, List<String> accounts, @Nullable String detail) {

	public AuditEvent {
		accounts = List.copyOf(accounts);
	}

}

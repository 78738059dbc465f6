package dev.s2s.broker.access;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One recorded decision: a caller asked for an operation, and it was allowed or denied. */
public record AuditEvent(long id, OffsetDateTime at, String caller, Operation operation, String outcome, UUID grantId,
		String recipe, List<String> accounts, String detail) {
}

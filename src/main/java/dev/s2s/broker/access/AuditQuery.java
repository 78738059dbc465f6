package dev.s2s.broker.access;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Filters for the audit trail; a null filter matches everything. */
public record AuditQuery(String accountId, String caller, UUID grantId, OffsetDateTime from, OffsetDateTime to,
		int page, int size) {
}

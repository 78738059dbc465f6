package dev.s2s.broker.access;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Filters for the audit trail; a null filter matches everything. */
public record AuditQuery(@Nullable String accountId, @Nullable String caller, @Nullable UUID grantId,
		@Nullable OffsetDateTime from, @Nullable OffsetDateTime to, int page, int size) {
}

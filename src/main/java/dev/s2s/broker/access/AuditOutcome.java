package dev.s2s.broker.access;

import io.swagger.v3.oas.annotations.media.Schema;

/** What became of a request the audit trail records. */
@Schema(enumAsRef = true)
public enum AuditOutcome {

	/** The caller was allowed, and the change is recorded with the event. */
	ALLOWED,
	/** The caller was refused; nothing but the event was recorded. */
	DENIED

}

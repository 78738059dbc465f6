package dev.s2s.broker.access;

/** What became of a request the audit trail records. */
public enum AuditOutcome {

	/** The caller was allowed, and the change is recorded with the event. */
	ALLOWED,
	/** The caller was refused; nothing but the event was recorded. */
	DENIED

}

package dev.s2s.broker.access;

import java.util.List;

import org.springframework.stereotype.Service;

/** Reading the audit trail: a caller sees only the events of the accounts it may read. */
@Service
public class AuditTrail {

	private final Access access;

	private final AuditEvents events;

	AuditTrail(Access access, AuditEvents events) {
		this.access = access;
		this.events = events;
	}

	/**
	 * The events matching the query among those whose accounts the caller may all read.
	 * @throws AccessDenied when the caller may not read at all
	 */
	public List<AuditEvent> events(AuditQuery query) {
		access.require(Operation.READ);
		return events.page(query, access.scope(Operation.READ));
	}

}

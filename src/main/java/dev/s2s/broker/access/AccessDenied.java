package dev.s2s.broker.access;

import dev.s2s.broker.refusal.Refusal;

/** The caller may not do what it asked (403); the refusal is in the audit trail. */
public class AccessDenied extends Refusal {

	AccessDenied(String detail) {
		super(403, "forbidden", "Forbidden", detail);
	}

}

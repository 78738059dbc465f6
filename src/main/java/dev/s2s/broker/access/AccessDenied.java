package dev.s2s.broker.access;

/** The caller may not do what it asked; the refusal is in the audit trail. */
public class AccessDenied extends RuntimeException {

	public AccessDenied(String message) {
		super(message);
	}

}

package dev.s2s.broker.web;

import java.util.List;

import dev.s2s.broker.refusal.FieldAtFault;
import dev.s2s.broker.refusal.Refusal;

/** A request the broker cannot accept; the 400 problem names each field at fault. */
public class InvalidRequest extends Refusal {

	public InvalidRequest(String detail, List<FieldAtFault> errors) {
		super(400, "invalid-request", "Invalid request", detail, errors, null);
	}

	/** One field (body property, query parameter or header) at fault. */
	public InvalidRequest(String field, String message) {
		this("The request is not valid", List.of(new FieldAtFault(field, message)));
	}

}

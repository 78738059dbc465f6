package dev.s2s.broker.web;

/** A request field (body property, query parameter or header) the broker cannot accept. */
public class InvalidField extends RuntimeException {

	private final String field;

	public InvalidField(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return field;
	}

}

package dev.s2s.broker.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A request the broker cannot accept; the 400 problem names each field at fault. */
public class InvalidRequest extends ErrorResponseException {

	public InvalidRequest(String detail, List<FieldProblem> errors) {
		super(HttpStatus.BAD_REQUEST, Problems.invalid(detail, errors), null);
	}

	/** One field (body property, query parameter or header) at fault. */
	public InvalidRequest(String field, String message) {
		this("The request is not valid", List.of(new FieldProblem(field, message)));
	}

}

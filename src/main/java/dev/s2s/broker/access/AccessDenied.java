package dev.s2s.broker.access;

import dev.s2s.broker.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The caller may not do what it asked (403); the refusal is in the audit trail. */
public class AccessDenied extends ErrorResponseException {

	AccessDenied(String detail) {
		super(HttpStatus.FORBIDDEN, Problems.of(HttpStatus.FORBIDDEN, "Forbidden", detail, "forbidden"), null);
	}

}

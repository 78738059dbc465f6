package dev.s2s.broker.grant;

import java.util.UUID;

import dev.s2s.broker.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No such batch, or one the caller may not see whole (404 alike). */
public class GrantBatchNotFound extends ErrorResponseException {

	public GrantBatchNotFound(UUID id) {
		super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Grant batch not found",
				"No grant batch with id " + id, "grant-batch-not-found"), null);
	}

}

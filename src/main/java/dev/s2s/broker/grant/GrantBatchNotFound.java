package dev.s2s.broker.grant;

import java.util.UUID;

import dev.s2s.broker.refusal.Refusal;

/** No such batch, or one the caller may not see whole (404 alike). */
public class GrantBatchNotFound extends Refusal {

	public GrantBatchNotFound(UUID id) {
		super(404, "grant-batch-not-found", "Grant batch not found", "No grant batch with id " + id);
	}

}

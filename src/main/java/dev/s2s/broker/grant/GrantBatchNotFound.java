package dev.s2s.broker.grant;

import java.util.UUID;

public class GrantBatchNotFound extends RuntimeException {

	public GrantBatchNotFound(UUID id) {
		super("No grant batch with id " + id);
	}

}

package dev.s2s.broker.grant;

import java.util.UUID;

public class GrantNotFound extends RuntimeException {

	public GrantNotFound(UUID id) {
		super("No grant with id " + id);
	}

}

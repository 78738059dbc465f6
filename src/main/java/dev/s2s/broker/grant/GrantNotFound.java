package dev.s2s.broker.grant;

import java.util.UUID;

public class GrantNotFound extends RuntimeException {

	public GrantNotFound(UUID id) {
		super("No grant with id " + id);
	}

	public GrantNotFound(dev.s2s.broker.recipe.Intent intent) {
		super("No live grant for " + intent.recipe() + " " + intent.parameters());
	}

}

package dev.s2s.broker.grant;

import java.util.UUID;

import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.refusal.Refusal;

/**
 * No such grant, or none the caller may see: the two are answered alike (404), so a
 * stranger learns nothing of which grants exist.
 */
public class GrantNotFound extends Refusal {

	public GrantNotFound(UUID id) {
		this("No grant with id " + id);
	}

	public GrantNotFound(Intent intent) {
		this("No live grant for " + intent.recipe() + " " + intent.parameters());
	}

	private GrantNotFound(String detail) {
		super(404, "grant-not-found", "Grant not found", detail);
	}

}

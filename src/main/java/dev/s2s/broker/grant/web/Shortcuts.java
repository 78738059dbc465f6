package dev.s2s.broker.grant.web;

import java.util.Map;

import dev.s2s.broker.grant.Grant;
import dev.s2s.broker.grant.GrantService;
import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.InvalidIntent;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.web.Prefer;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * What the typed shortcut resources (backup, DNS sharing) share: their fields are the
 * parameters of one recipe's intent, granted or revoked as through {@code /v1/grants} and
 * answered alike ({@link GrantAnswers}). A fault of the intent names the shortcut's own
 * field, at the top level.
 */
@Component
class Shortcuts {

	/** How the shortcuts document their {@code mode}, as {@code /v1/grants} takes it. */
	static final String MODE = "CREATE (the default) or ADOPT, as for POST /v1/grants: ADOPT only adopts the "
			+ "policies made elsewhere and never writes to IAM";

	private final GrantService grants;

	private final RecipeCatalog catalog;

	private final GrantAnswers answers;

	Shortcuts(GrantService grants, RecipeCatalog catalog, GrantAnswers answers) {
		this.grants = grants;
		this.catalog = catalog;
		this.answers = answers;
	}

	ResponseEntity<Grant> grant(String recipe, Map<String, Object> parameters, @Nullable GrantMode mode,
			Prefer prefer) {
		return answers.answer(grants.request(intent(recipe, parameters), mode == null ? GrantMode.CREATE : mode),
				prefer);
	}

	ResponseEntity<Grant> revoke(String recipe, Map<String, Object> parameters, boolean includeAdopted, Prefer prefer) {
		// The shortcuts' recipes (vpc-backup, vpe-dns-sharing) have no revoke caution.
		return answers.answer(grants.revoke(intent(recipe, parameters), includeAdopted, false), prefer);
	}

	private Intent intent(String recipe, Map<String, Object> parameters) {
		try {
			return catalog.intent(recipe, parameters);
		}
		catch (InvalidIntent ex) {
			throw ex.withParametersAtTopLevel();
		}
	}

}

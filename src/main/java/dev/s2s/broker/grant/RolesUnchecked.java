package dev.s2s.broker.grant;

import java.time.Duration;
import java.util.List;

import dev.s2s.broker.refusal.Refusal;

/**
 * IAM's roles API could not be asked for an operator's recipe (503): its roles are
 * submitted only once IAM has confirmed it offers them, since nothing else has checked
 * them (issue 19: while the roles API answered 500, such a grant was submitted
 * unchecked). The built-in recipes' roles are checked by their tests, and fall back to
 * their pinned CRNs. Nothing was recorded; the request may be repeated after 5 s.
 */
public class RolesUnchecked extends Refusal {

	RolesUnchecked(String recipe, String reason) {
		super(503, "roles-unchecked", "Roles not checked",
				"The roles of recipe " + recipe + " could not be checked against IAM (" + reason
						+ "); an operator's recipe is granted only with roles IAM confirms. Nothing was recorded; "
						+ "repeat the request later",
				List.of(), Duration.ofSeconds(5));
	}

}

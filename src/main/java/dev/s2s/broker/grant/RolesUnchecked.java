package dev.s2s.broker.grant;

import dev.s2s.broker.web.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * IAM's roles API could not be asked for an operator's recipe (503): its roles are
 * submitted only once IAM has confirmed it offers them, since nothing else has checked
 * them (issue 19: while the roles API answered 500, such a grant was submitted
 * unchecked). The built-in recipes' roles are checked by their tests, and fall back to
 * their pinned CRNs. Nothing was recorded; the request may be repeated.
 */
public class RolesUnchecked extends ErrorResponseException {

	RolesUnchecked(String recipe, String reason) {
		super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Roles not checked",
				"The roles of recipe " + recipe + " could not be checked against IAM (" + reason
						+ "); an operator's recipe is granted only with roles IAM confirms. Nothing was recorded; "
						+ "repeat the request later",
				"roles-unchecked"), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
	}

}

package dev.s2s.broker.recipe;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every policy names its subject's and its target's account from account parameters an
 * intent cannot leave out: a required one, one the policy is conditioned on
 * ({@code when: p}), or {@code ${p|q}} whose fallback is such. Access rules are checked
 * against the accounts an intent names ({@link RecipeCatalog#accounts}); an intent naming
 * none would pass every rule (issue 19).
 */
final class AccountPlaceholders {

	/**
	 * What an {@code accountId} attribute must be: nothing but a placeholder of
	 * account-id parameters.
	 */
	private static final Pattern ACCOUNT_PLACEHOLDER = Pattern.compile("^\\$\\{([A-Za-z0-9]+)(?:\\|([A-Za-z0-9]+))?}$");

	private static final String ACCOUNT_ID = "account-id";

	private AccountPlaceholders() {
	}

	/**
	 * The problem of one side's {@code accountId}, as {@code side.accountId: …}, if it
	 * has one.
	 */
	static List<String> problems(String side, Map<String, PolicyTemplate.AttributeTemplate> attributes,
			PolicyTemplate.Condition condition, Recipe recipe) {
		String problem = side + ".accountId: must be ${p} or ${p|q} of " + ACCOUNT_ID
				+ " parameters an intent cannot leave out (required, or the policy's when), so that access rules see "
				+ "every account an intent names";
		PolicyTemplate.AttributeTemplate account = attributes.get("accountId");
		if (account == null) {
			// The template reports it ("needs accountId").
			return List.of();
		}
		Matcher placeholder = ACCOUNT_PLACEHOLDER.matcher(account.value());
		boolean onlyAccountParameters = placeholder.matches()
				&& (account.operator() == null || account.operator().equals("stringEquals"));
		for (int group = 1; onlyAccountParameters && group <= 2; group++) {
			String parameter = placeholder.group(group);
			onlyAccountParameters = parameter == null
					|| recipe.parameter(parameter).map(known -> known.format().name().equals(ACCOUNT_ID)).orElse(true);
		}
		if (!onlyAccountParameters) {
			return List.of(problem);
		}
		boolean present = false;
		for (int group = 1; group <= 2; group++) {
			String parameter = placeholder.group(group);
			present |= parameter != null && (parameter.equals(condition.when())
					|| recipe.parameter(parameter).map(RecipeParameter::required).orElse(false));
		}
		return present ? List.of() : List.of(problem);
	}

}

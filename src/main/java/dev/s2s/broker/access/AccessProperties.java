package dev.s2s.broker.access;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may do what, deny by default: a caller may do only what a rule matching it allows.
 *
 * @param callers the rules; none means nobody may do anything
 */
@ConfigurationProperties("broker.access")
public record AccessProperties(@DefaultValue List<Rule> callers) {

	public AccessProperties {
		callers = List.copyOf(callers);
	}

	/**
	 * One rule. It matches a caller whose {@code iam_id} is in {@code subjects}, or who
	 * has one of {@code groups} or {@code scopes}. Only {@code iam_id}: a token whose
	 * {@code sub} names another identity must not match that identity's rule (issue 19).
	 *
	 * @param name a label for the rule, for people
	 * @param operations what matching callers may do
	 * @param recipes the recipes they may use; {@code *} for all
	 * @param accounts the IBM Cloud accounts their intents may name, as source or target;
	 * {@code *} for all
	 */
	public record Rule(String name, @DefaultValue List<String> subjects, @DefaultValue List<String> groups,
			@DefaultValue List<String> scopes, @DefaultValue Set<Operation> operations,
			@DefaultValue List<String> recipes, @DefaultValue List<String> accounts) {

		boolean matches(Caller caller) {
			return subjects.contains(caller.id()) || caller.groups().stream().anyMatch(groups::contains)
					|| caller.scopes().stream().anyMatch(scopes::contains);
		}

		/**
		 * Whether the rule allows {@code operation} with {@code recipe} (null: any) on
		 * every account of {@code named}. No account named is allowed by {@code *} alone:
		 * an empty set would satisfy any list of accounts (issue 19).
		 */
		boolean allows(Operation operation, String recipe, Set<String> named) {
			return operations.contains(operation)
					&& (recipe == null || recipes.contains("*") || recipes.contains(recipe))
					&& (accounts.contains("*") || (!named.isEmpty() && accounts.containsAll(named)));
		}

	}

}

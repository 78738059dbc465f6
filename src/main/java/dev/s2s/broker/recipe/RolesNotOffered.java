package dev.s2s.broker.recipe;

import java.util.List;

/**
 * Roles that policies of an intent name but IAM does not offer for their pair of services
 * (source → target), found by asking IAM before anything is recorded: each violation
 * names a role as {@code policies[i].roles[j]} of the intent's expansion, and the roles
 * IAM does offer for that pair.
 */
public class RolesNotOffered extends RuntimeException {

	private final List<FieldViolation> violations;

	public RolesNotOffered(List<FieldViolation> violations) {
		super("Roles not offered: " + (violations.size() <= 3 ? violations
				: violations.subList(0, 3) + " and " + (violations.size() - 3) + " more"), null, false, false);
		this.violations = List.copyOf(violations);
	}

	public List<FieldViolation> violations() {
		return violations;
	}

	/**
	 * The same violations as seen from a request that holds the intent at {@code field}
	 * (e.g. {@code intents[3]}), so {@code policies[0].roles[0]} becomes
	 * {@code intents[3].policies[0].roles[0]}.
	 */
	public RolesNotOffered within(String field) {
		return new RolesNotOffered(
				violations.stream().map(v -> new FieldViolation(field + "." + v.field(), v.message())).toList());
	}

}

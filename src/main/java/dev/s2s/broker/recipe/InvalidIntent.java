package dev.s2s.broker.recipe;

import java.util.List;

/** An intent that names no known recipe, or whose parameters do not fit the recipe. */
public class InvalidIntent extends RuntimeException {

	private final List<FieldViolation> violations;

	public InvalidIntent(List<FieldViolation> violations) {
		super("Invalid intent: " + (violations.size() <= 3 ? violations
				: violations.subList(0, 3) + " and " + (violations.size() - 3) + " more"));
		this.violations = List.copyOf(violations);
	}

	public List<FieldViolation> violations() {
		return violations;
	}

	/**
	 * The same violations as seen from a request that carries the parameters at its top
	 * level (the typed shortcuts), so {@code parameters.accountId} becomes
	 * {@code accountId}.
	 */
	public InvalidIntent withParametersAtTopLevel() {
		return new InvalidIntent(violations.stream()
			.map(v -> new FieldViolation(v.field().replaceFirst("^parameters\\.", ""), v.message()))
			.toList());
	}

}

package dev.s2s.broker.recipe;

import java.util.List;

/**
 * A recipe catalog the broker refuses to start with: a file missing or not YAML, a breach
 * of {@code recipes.schema.json}, a recipe that IAM would refuse or that refers to what
 * it does not define, or a name defined twice. Each problem names the file, the recipe
 * and the field.
 */
public class InvalidRecipeCatalog extends IllegalStateException {

	private final List<String> problems;

	public InvalidRecipeCatalog(List<String> problems) {
		super("The recipe catalog is not valid:\n- " + String.join("\n- ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> problems() {
		return problems;
	}

}

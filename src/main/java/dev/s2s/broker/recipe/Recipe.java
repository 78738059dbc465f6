package dev.s2s.broker.recipe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one kind of intent expands into IAM authorization policies; described in
 * {@code recipes.yaml}.
 */
public record Recipe(String name, String title, String description, List<RecipeParameter> parameters) {

	public Recipe {
		Objects.requireNonNull(name, "name");
		parameters = List.copyOf(parameters);
	}

	public Optional<RecipeParameter> parameter(String name) {
		return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
	}

}

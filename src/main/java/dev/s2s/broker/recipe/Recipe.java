package dev.s2s.broker.recipe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * How one kind of intent expands into IAM authorization policies; described in
 * {@code recipes.yaml}.
 *
 * @param docs the IBM Cloud documentation page the recipe follows
 * @param builtIn whether the recipe ships with the broker (the built-in catalog), not an
 * operator's file
 * @param broadScopeReason why the recipe grants roles that let a source administer its
 * target ({@code broadScope: {reason: …}}); null for a recipe that grants none
 */
public record Recipe(String name, String title, String description, @Nullable String docs,
		List<RecipeParameter> parameters, boolean builtIn, @Nullable String broadScopeReason) {

	public Recipe {
		Objects.requireNonNull(name, "name");
		parameters = List.copyOf(parameters);
	}

	public Optional<RecipeParameter> parameter(String name) {
		return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
	}

}

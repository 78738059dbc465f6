package dev.s2s.broker.recipe;

import java.util.Objects;

/** One parameter an intent of a recipe takes. */
public record RecipeParameter(String name, ParameterFormat format, boolean required, String description) {

	public RecipeParameter {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(format, "format");
	}

}

package dev.s2s.broker.recipe;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One parameter an intent of a recipe takes.
 *
 * @param example a value of this parameter, shown in the catalog and in the messages
 * about a malformed value: the catalog's own for the parameter, or else its format's.
 * Where a recipe takes two values of one format (two accounts, two VPCs), each has its
 * own, so an example intent names two accounts, as the API's examples do.
 */
public record RecipeParameter(String name, ParameterFormat format, boolean required, String description,
		@Nullable String example) {

	/**
	 * @throws IllegalArgumentException when the example does not match the format's
	 * pattern
	 */
	public RecipeParameter {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(format, "format");
		if (example == null) {
			example = format.example();
		}
		else if (!format.matches(example)) {
			throw new IllegalArgumentException(
					"example of parameter " + name + " does not match the pattern of its format " + format.name());
		}
	}

	/** A parameter whose example is its format's. */
	public RecipeParameter(String name, ParameterFormat format, boolean required, String description) {
		this(name, format, required, description, null);
	}

}

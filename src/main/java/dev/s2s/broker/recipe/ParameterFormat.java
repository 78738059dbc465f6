package dev.s2s.broker.recipe;

import java.util.Objects;
import java.util.regex.Pattern;

/** A named format that parameter values must match, such as {@code account-id}. */
public record ParameterFormat(String name, String pattern, String description, String example) {

	public ParameterFormat {
		Objects.requireNonNull(name, "name");
		Pattern.compile(Objects.requireNonNull(pattern, "pattern"));
		if (example != null && !example.matches(pattern)) {
			throw new IllegalArgumentException("example of format " + name + " does not match its own pattern");
		}
	}

	boolean matches(String value) {
		return value.matches(pattern);
	}

	/**
	 * The pattern as a JSON Schema {@code pattern} must read to accept exactly the values
	 * the broker accepts: JSON Schema searches a value for the pattern, the broker
	 * matches the whole value. An anchored pattern without alternatives ({@code ^…$}) is
	 * the same either way and is returned as it is.
	 */
	public String wholeValuePattern() {
		boolean anchored = pattern.startsWith("^") && pattern.endsWith("$") && !pattern.endsWith("\\$")
				&& !pattern.contains("|");
		return anchored ? pattern : "^(?:" + pattern + ")$";
	}

}

package dev.s2s.broker.recipe;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A named format that parameter values must match, such as {@code account-id}.
 *
 * @param fromCrn the part of a CRN values of this format are ({@code account},
 * {@code instance}, {@code resource}), so a CRN given instead is refused naming it; null
 * for a format no CRN holds
 */
public record ParameterFormat(String name, String pattern, String description, String example,
		@Nullable String fromCrn) {

	/** A pattern that lists its values: {@code ^(a|b|c)$} or {@code ^a$}. */
	private static final Pattern ENUMERATION = Pattern
		.compile("^\\^(?:\\(([a-z0-9-]+(?:\\|[a-z0-9-]+)*)\\)|([a-z0-9-]+))\\$$");

	public ParameterFormat {
		Objects.requireNonNull(name, "name");
		Pattern.compile(Objects.requireNonNull(pattern, "pattern"));
		if (example != null && !example.matches(pattern)) {
			throw new IllegalArgumentException("example of format " + name + " does not match its own pattern");
		}
	}

	/** A format no CRN holds. */
	public ParameterFormat(String name, String pattern, String description, String example) {
		this(name, pattern, description, example, null);
	}

	boolean matches(String value) {
		return value.matches(pattern);
	}

	/**
	 * The values the format admits when its pattern lists them ({@code key-service}: kms,
	 * hs-crypto), in the pattern's order; empty when it does not.
	 */
	public List<String> values() {
		Matcher listed = ENUMERATION.matcher(pattern);
		if (!listed.matches()) {
			return List.of();
		}
		return listed.group(1) != null ? List.of(listed.group(1).split("\\|")) : List.of(listed.group(2));
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

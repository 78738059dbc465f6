package dev.s2s.broker.persistence;

import org.jspecify.annotations.Nullable;

/**
 * Fitting text from outside (IAM's messages, say) into the bounded columns of the system
 * of record.
 */
public final class Columns {

	private Columns() {
	}

	/**
	 * The text cut to {@code length} characters, ending in an ellipsis when cut; null
	 * stays null.
	 */
	public static @Nullable String fit(@Nullable String text, int length) {
		return text == null || text.length() <= length ? text : text.substring(0, length - 1) + "…";
	}

}

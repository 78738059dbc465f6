package dev.s2s.broker.recipe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a caller asks for: a recipe and its parameter values. Only
 * {@link RecipeCatalog#intent} makes intents, so an intent always fits its recipe.
 */
public record Intent(String recipe, Map<String, String> parameters) {

	public Intent {
		parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
	}

	/**
	 * A stable digest of recipe and parameters: two requests for the same intent have the
	 * same key, whatever the order of their parameters.
	 */
	public String key() {
		StringBuilder canonical = new StringBuilder(recipe);
		parameters.forEach((name, value) -> canonical.append('\n').append(name).append('=').append(value));
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
		}
	}

}

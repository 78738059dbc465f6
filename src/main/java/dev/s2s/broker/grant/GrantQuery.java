package dev.s2s.broker.grant;

import org.jspecify.annotations.Nullable;

/** Filters for listing grants; a null filter matches everything. */
public record GrantQuery(@Nullable String recipe, @Nullable String accountId, @Nullable GrantStatus status, int page,
		int size) {

	public static final int MAX_SIZE = 100;

	public GrantQuery {
		if (page < 0) {
			throw new IllegalArgumentException("page must not be negative");
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE);
		}
	}

}

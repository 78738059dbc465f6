package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Many intents asked for at once: one grant per intent, and where they stand together.
 */
public record GrantBatch(UUID id, OffsetDateTime createdAt, List<Item> grants) {

	public static final int MAX_INTENTS = 1000;

	public GrantBatch {
		grants = List.copyOf(grants);
	}

	/** One intent of the batch: its position in the request and its grant. */
	public record Item(int position, UUID grantId, GrantStatus status) {
	}

	/**
	 * PENDING, IN_PROGRESS, SUCCEEDED once every grant succeeded, or FAILED once all are
	 * final and one is not SUCCEEDED.
	 */
	@JsonProperty
	public String status() {
		Map<GrantStatus, Long> counts = counts();
		if (grants.stream().allMatch(item -> item.status() == GrantStatus.PENDING)) {
			return "PENDING";
		}
		if (grants.stream().anyMatch(item -> !item.status().isFinal())) {
			return "IN_PROGRESS";
		}
		return counts.getOrDefault(GrantStatus.SUCCEEDED, 0L) == grants.size() ? "SUCCEEDED" : "FAILED";
	}

	/** How many of its grants are in each status. */
	@JsonProperty
	public Map<GrantStatus, Long> counts() {
		Map<GrantStatus, Long> counts = new EnumMap<>(GrantStatus.class);
		grants.forEach(item -> counts.merge(item.status(), 1L, Long::sum));
		return counts;
	}

}

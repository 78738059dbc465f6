package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Many intents asked for at once: one grant per intent, and where they stand together.
 */
public record GrantBatch(@Schema(example = "7ff24ef1-240d-4f8f-a541-868793da7821") UUID id,
		@Schema(example = "2026-01-15T09:41:03.118542Z") OffsetDateTime createdAt,
		@Schema(example = """
				[{"position": 0, "grantId": "6b933697-c7a5-4fb4-b053-6163dba2c484", "status": "SUCCEEDED"},
				 {"position": 1, "grantId": "3dc2230a-7207-4375-bffc-d530d1ffd648", "status": "IN_PROGRESS"}]""") List<Item> grants) {

	public static final int MAX_INTENTS = 1000;

	public GrantBatch {
		grants = List.copyOf(grants);
	}

	/** One intent of the batch: its position in the request and its grant. */
	@Schema(name = "GrantBatchItem")
	public record Item(@Schema(example = "0") int position,
			@Schema(example = "6b933697-c7a5-4fb4-b053-6163dba2c484") UUID grantId,
			@Schema(example = "SUCCEEDED") GrantStatus status) {
	}

	/** Where the grants of a batch stand together. */
	@Schema(name = "GrantBatchStatus", enumAsRef = true)
	public enum Status {

		/** No grant has been tried yet. */
		PENDING,
		/** Some grant is not final yet. */
		IN_PROGRESS,
		/** Every grant succeeded. */
		SUCCEEDED,
		/** Every grant is final, and one did not succeed. */
		FAILED

	}

	/**
	 * PENDING, IN_PROGRESS, SUCCEEDED once every grant succeeded, or FAILED once all are
	 * final and one is not SUCCEEDED.
	 */
	@JsonProperty
	@Schema(example = "IN_PROGRESS")
	public Status status() {
		Map<GrantStatus, Long> counts = counts();
		if (grants.stream().allMatch(item -> item.status() == GrantStatus.PENDING)) {
			return Status.PENDING;
		}
		if (grants.stream().anyMatch(item -> !item.status().isFinal())) {
			return Status.IN_PROGRESS;
		}
		return counts.getOrDefault(GrantStatus.SUCCEEDED, 0L) == grants.size() ? Status.SUCCEEDED : Status.FAILED;
	}

	/** How many of its grants are in each status. */
	@JsonProperty
	@Schema(example = "{\"IN_PROGRESS\": 1, \"SUCCEEDED\": 1}")
	public Map<GrantStatus, Long> counts() {
		Map<GrantStatus, Long> counts = new EnumMap<>(GrantStatus.class);
		grants.forEach(item -> counts.merge(item.status(), 1L, Long::sum));
		return counts;
	}

}

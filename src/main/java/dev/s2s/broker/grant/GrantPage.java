package dev.s2s.broker.grant;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** One page of grants, newest first. */
public record GrantPage(List<Grant> grants, @Schema(example = "0") int page, @Schema(example = "20") int size,
		@Schema(example = "1") long totalElements) {

	public GrantPage {
		grants = List.copyOf(grants);
	}

	@JsonProperty
	@Schema(example = "1")
	public long totalPages() {
		return (totalElements + size - 1) / size;
	}

}

package dev.s2s.broker.grant;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One page of grants, newest first. */
public record GrantPage(List<Grant> grants, int page, int size, long totalElements) {

	public GrantPage {
		grants = List.copyOf(grants);
	}

	@JsonProperty
	public long totalPages() {
		return (totalElements + size - 1) / size;
	}

}

package dev.s2s.broker.web;

import java.util.ArrayList;
import java.util.List;

import dev.s2s.broker.ApiDocument;
import org.junit.jupiter.api.Test;

import static dev.s2s.broker.ApiDocument.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation has a name of its own, which a client generated from the document keeps
 * as its method name: never springdoc's {@code grant_1}, {@code grant_2}, which follow
 * from two controller methods sharing a name and may swap between builds.
 */
class OpenApiOperationIdsTest {

	@Test
	void everyOperationHasANameOfItsOwn() {
		List<String> operationIds = new ArrayList<>();
		map(ApiDocument.read().get("paths")).values()
			.forEach(item -> map(item).values()
				.forEach(operation -> operationIds.add((String) map(operation).get("operationId"))));

		assertThat(operationIds).hasSizeGreaterThan(15)
			.doesNotHaveDuplicates()
			.allSatisfy(operationId -> assertThat(operationId).as("operationId").isNotNull().matches("[a-z][A-Za-z]+"));
	}

}

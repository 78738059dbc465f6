package dev.s2s.broker.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.ApiDocument;
import org.junit.jupiter.api.Test;

import static dev.s2s.broker.ApiDocument.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client generated from the document is made of has a name of its own, which reads
 * naturally in the client's code: every operation an operationId, which becomes its
 * method (never springdoc's {@code grant_1}, {@code grant_2}, which follow from two
 * controller methods sharing a name and may swap between builds), and every object and
 * enum a schema of {@code components}, which becomes its class (an object or enum written
 * inline becomes a class named after where it appears: {@code ProblemErrorsInner}, one
 * {@code StatusEnum} per model for the same grant status).
 */
class OpenApiNamesTest {

	private static final Map<String, Object> document = ApiDocument.read();

	@Test
	void everyOperationHasANameOfItsOwn() {
		List<String> operationIds = new ArrayList<>();
		map(document.get("paths")).values()
			.forEach(item -> map(item).values()
				.forEach(operation -> operationIds.add((String) map(operation).get("operationId"))));

		assertThat(operationIds).hasSizeGreaterThan(15)
			.doesNotHaveDuplicates()
			.allSatisfy(operationId -> assertThat(operationId).as("operationId").isNotNull().matches("[a-z][A-Za-z]+"));
	}

	@Test
	void everyObjectAndEnumIsANamedSchema() {
		List<String> inline = new ArrayList<>();
		ApiDocument.schemas(document)
			.forEach((name, schema) -> map(schema)
				.forEach((keyword, value) -> inline(value, "#/components/schemas/" + name + "/" + keyword, inline)));
		inline(document.get("paths"), "#/paths", inline);

		assertThat(inline).as("objects and enums written inline").isEmpty();
		assertThat(ApiDocument.schemas(document).keySet()).as("schema names")
			.allSatisfy(
					name -> assertThat(name).matches("[A-Z][A-Za-z]+").isNotEqualTo("Item").doesNotEndWith("Inner"));
	}

	private static void inline(Object node, String where, List<String> inline) {
		if (node instanceof Map<?, ?> object) {
			if (object.containsKey("enum") || "object".equals(object.get("type")) && object.containsKey("properties")) {
				inline.add(where);
			}
			map(node).forEach((key, value) -> {
				if (!key.equals("example") && !key.equals("examples")) {
					inline(value, where + "/" + key, inline);
				}
			});
		}
		else if (node instanceof List<?> items) {
			for (int i = 0; i < items.size(); i++) {
				inline(items.get(i), where + "/" + i, inline);
			}
		}
	}

}

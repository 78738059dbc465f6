package dev.s2s.broker.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.s2s.broker.ApiContract;
import dev.s2s.broker.ApiDocument;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.s2s.broker.ApiDocument.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI shows a request or an answer from the examples of the OpenAPI document, and
 * makes up a value wherever the document has none: {@code "string"}, {@code 0},
 * {@code true}, {@code https://example.com/} for a URI, {@code additionalProp1} for the
 * keys of a map, {@code 3fa85f64-5717-4562-b3fc-2c963f66afa6} for a UUID. So every value
 * has a real example, on itself or on a schema around it (Swagger UI takes the nearest),
 * and every example is what the broker could really send or accept: it validates against
 * its schema as a client's OpenAPI validator checks the broker's answers
 * ({@link ApiContract}), so an example with a {@code null} the schema does not allow
 * fails like such an answer. The document is {@code openapi.yaml}, which
 * {@code OpenApiDocumentIT} keeps equal to the one the broker serves.
 */
class OpenApiExamplesTest {

	private static final Pattern MADE_UP = Pattern.compile("additionalProp\\d|example\\.com|3fa85f64");

	private static final Map<String, Object> document = ApiDocument.read();

	private static final JsonNode tree = ApiDocument.tree();

	@Test
	void everyValueOfEverySchemaHasAnExample() {
		List<String> without = new ArrayList<>();
		ApiDocument.schemas(document).forEach((name, schema) -> withoutExample(map(schema), name, false, without));

		assertThat(without).as("values Swagger UI would make up an example for (%d)", without.size()).isEmpty();
	}

	@Test
	void noValueSwaggerUiMakesUpAppearsInTheDocument() throws IOException {
		assertThat(MADE_UP.matcher(Files.readString(Path.of("openapi.yaml"))).results().map(match -> match.group()))
			.isEmpty();
	}

	@Test
	void everyExampleFitsItsSchema() {
		List<String> misfits = new ArrayList<>();
		tree.path("components")
			.path("schemas")
			.properties()
			.forEach(schema -> examplesOf(schema.getValue(),
					ApiContract.pointer("components", "schemas", schema.getKey()), misfits));
		tree.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
			JsonNode operation = method.getValue();
			String where = ApiContract.pointer("paths", path.getKey(), method.getKey());
			mediaTypes(operation.path("requestBody"), where + "/requestBody", misfits);
			operation.path("responses")
				.properties()
				.forEach(response -> mediaTypes(response.getValue(), where + "/responses/" + response.getKey(),
						misfits));
			JsonNode parameters = operation.path("parameters");
			for (int i = 0; i < parameters.size(); i++) {
				if (parameters.get(i).has("example")) {
					fit(parameters.get(i).get("example"), where + "/parameters/" + i + "/schema", misfits);
				}
			}
		}));

		assertThat(misfits).isEmpty();
	}

	/**
	 * Collects the values of {@code schema} Swagger UI would make up: each string,
	 * number, integer and boolean that is not an enum, and each map, without an example
	 * of its own or around it. A reference is collected where it is defined.
	 */
	private static void withoutExample(Map<String, Object> schema, String path, boolean covered, List<String> without) {
		if (schema.containsKey("$ref")) {
			return;
		}
		boolean exemplified = covered || schema.containsKey("example") || schema.containsKey("examples");
		for (String composition : List.of("oneOf", "anyOf", "allOf")) {
			List<Object> parts = list(schema.get(composition));
			for (int i = 0; i < parts.size(); i++) {
				withoutExample(map(parts.get(i)), path + "/" + composition + "[" + i + "]", exemplified, without);
			}
		}
		map(schema.get("properties"))
			.forEach((name, property) -> withoutExample(map(property), path + "." + name, exemplified, without));
		if (schema.get("items") != null) {
			withoutExample(map(schema.get("items")), path + "[]", exemplified, without);
		}
		Object values = schema.get("additionalProperties");
		if (values instanceof Map<?, ?> valueSchema) {
			if (!exemplified) {
				without.add(path + " (a map)");
			}
			withoutExample(map(valueSchema), path + "{}", true, without);
		}
		else if (!exemplified && !schema.containsKey("enum")
				&& types(schema).stream().anyMatch(List.of("string", "integer", "number", "boolean")::contains)) {
			without.add(path);
		}
	}

	/** Checks the examples of a schema and of every schema inside it. */
	private static void examplesOf(JsonNode schema, String pointer, List<String> misfits) {
		if (schema.has("example")) {
			fit(schema.get("example"), pointer, misfits);
		}
		for (JsonNode example : schema.path("examples")) {
			fit(example, pointer, misfits);
		}
		schema.path("properties")
			.properties()
			.forEach(property -> examplesOf(property.getValue(),
					pointer + ApiContract.pointer("properties", property.getKey()), misfits));
		if (schema.has("items")) {
			examplesOf(schema.get("items"), pointer + "/items", misfits);
		}
		if (schema.path("additionalProperties").isObject()) {
			examplesOf(schema.get("additionalProperties"), pointer + "/additionalProperties", misfits);
		}
	}

	/** Checks the examples of a request or response body, by media type. */
	private static void mediaTypes(JsonNode body, String pointer, List<String> misfits) {
		body.path("content").properties().forEach(content -> {
			JsonNode media = content.getValue();
			String schema = pointer + ApiContract.pointer("content", content.getKey(), "schema");
			if (media.has("example")) {
				fit(media.get("example"), schema, misfits);
			}
			media.path("examples")
				.properties()
				.forEach(example -> fit(example.getValue().get("value"), schema, misfits));
		});
	}

	/**
	 * Whether a value is one the schema at {@code pointer} describes, as a client's
	 * validator sees it ({@link ApiContract}); and, since the broker's records are closed
	 * while the document leaves objects open to the fields of later versions, that it has
	 * no property the schema does not name.
	 */
	private static void fit(JsonNode value, String pointer, List<String> misfits) {
		ApiContract.violations(pointer, value).forEach(violation -> misfits.add(pointer + " example " + violation));
		strayProperties(value, tree.at(pointer), pointer + " example ", misfits);
	}

	private static void strayProperties(JsonNode value, JsonNode declared, String where, List<String> misfits) {
		JsonNode schema = declared.has("$ref") ? tree.at(declared.get("$ref").asString().substring(1)) : declared;
		if (value.isObject() && schema.has("properties")) {
			value.properties().forEach(property -> {
				JsonNode propertySchema = schema.get("properties").get(property.getKey());
				if (propertySchema != null) {
					strayProperties(property.getValue(), propertySchema, where + "/" + property.getKey(), misfits);
				}
				else if (!schema.has("additionalProperties")) {
					misfits.add(where + ": " + property.getKey() + " is not a property of the schema");
				}
			});
		}
		else if (value.isArray() && schema.has("items")) {
			for (int i = 0; i < value.size(); i++) {
				strayProperties(value.get(i), schema.get("items"), where + "/" + i, misfits);
			}
		}
	}

	private static List<String> types(Map<String, Object> schema) {
		Object type = schema.get("type");
		return type instanceof List<?> several ? several.stream().map(String::valueOf).toList()
				: type == null ? List.of() : List.of(String.valueOf(type));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return value instanceof List<?> list ? (List<Object>) list : List.of();
	}

}

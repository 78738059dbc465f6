package dev.s2s.broker.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.s2s.broker.ApiDocument;
import org.junit.jupiter.api.Test;

import static dev.s2s.broker.ApiDocument.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI shows a request or an answer from the examples of the OpenAPI document, and
 * makes up a value wherever the document has none: {@code "string"}, {@code 0},
 * {@code true}, {@code https://example.com/} for a URI, {@code additionalProp1} for the
 * keys of a map, {@code 3fa85f64-5717-4562-b3fc-2c963f66afa6} for a UUID. So every value
 * has a real example, on itself or on a schema around it (Swagger UI takes the nearest),
 * and every example is what the broker could really send or accept. The document is
 * {@code openapi.yaml}, which {@code OpenApiDocumentIT} keeps equal to the one the broker
 * serves.
 */
class OpenApiExamplesTest {

	private static final Pattern MADE_UP = Pattern.compile("additionalProp\\d|example\\.com|3fa85f64");

	private static final String SCHEMAS = "#/components/schemas/";

	private static final Map<String, Object> document = ApiDocument.read();

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
		ApiDocument.schemas(document).forEach((name, schema) -> examplesOf(map(schema), SCHEMAS + name, misfits));
		map(document.get("paths")).forEach((path, item) -> map(item).forEach((method, operation) -> {
			String where = method + " " + path;
			Map<String, Object> request = map(map(operation).get("requestBody"));
			mediaTypes(request, where + " request", misfits);
			map(map(operation).get("responses"))
				.forEach((status, response) -> mediaTypes(map(response), where + " " + status, misfits));
			for (Object parameter : list(map(operation).get("parameters"))) {
				Map<String, Object> declared = map(parameter);
				if (declared.containsKey("example")) {
					fit(declared.get("example"), map(declared.get("schema")),
							where + " parameter " + declared.get("name"), misfits);
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
	private static void examplesOf(Map<String, Object> schema, String where, List<String> misfits) {
		if (schema.containsKey("example")) {
			fit(schema.get("example"), schema, where + " example", misfits);
		}
		for (Object example : list(schema.get("examples"))) {
			fit(example, schema, where + " examples", misfits);
		}
		map(schema.get("properties"))
			.forEach((name, property) -> examplesOf(map(property), where + "." + name, misfits));
		if (schema.get("items") != null) {
			examplesOf(map(schema.get("items")), where + "[]", misfits);
		}
		if (schema.get("additionalProperties") instanceof Map<?, ?> values) {
			examplesOf(map(values), where + "{}", misfits);
		}
	}

	private static void mediaTypes(Map<String, Object> body, String where, List<String> misfits) {
		map(body.get("content")).forEach((type, content) -> {
			Map<String, Object> media = map(content);
			Map<String, Object> schema = map(media.get("schema"));
			if (media.containsKey("example")) {
				fit(media.get("example"), schema, where + " " + type + " example", misfits);
			}
			map(media.get("examples")).forEach((name, example) -> fit(map(example).get("value"), schema,
					where + " " + type + " example " + name, misfits));
		});
	}

	/**
	 * Whether a value is one the schema describes: of its type and format, in its enum,
	 * matching its pattern; an object with its required properties and no property the
	 * schema does not name (the broker's records are closed), each fitting in turn. Null
	 * fits any schema: the broker writes a missing value as null.
	 */
	private static void fit(Object value, Map<String, Object> declared, String where, List<String> misfits) {
		Map<String, Object> schema = resolve(declared);
		if (value == null || schema.isEmpty()) {
			return;
		}
		List<String> types = types(schema);
		if (schema.containsKey("enum") && !list(schema.get("enum")).contains(value)) {
			misfits.add(where + ": " + value + " is not one of " + schema.get("enum"));
		}
		else if (types.contains("object") || schema.containsKey("properties")
				|| schema.containsKey("additionalProperties")) {
			if (!(value instanceof Map<?, ?> object)) {
				misfits.add(where + ": " + value + " is not an object");
				return;
			}
			Map<String, Object> properties = map(schema.get("properties"));
			for (Object required : list(schema.get("required"))) {
				if (!object.containsKey(required)) {
					misfits.add(where + ": lacks required property " + required);
				}
			}
			object.forEach((name, property) -> {
				Object valueSchema = properties.containsKey(name) ? properties.get(name)
						: schema.get("additionalProperties");
				if (valueSchema instanceof Map<?, ?> known) {
					fit(property, map(known), where + "." + name, misfits);
				}
				else {
					misfits.add(where + ": " + name + " is not a property of the schema");
				}
			});
		}
		else if (types.contains("array")) {
			if (!(value instanceof List<?> items)) {
				misfits.add(where + ": " + value + " is not an array");
				return;
			}
			for (int i = 0; i < items.size(); i++) {
				fit(items.get(i), map(schema.get("items")), where + "[" + i + "]", misfits);
			}
		}
		else if (types.contains("string")) {
			fitString(value, schema, where, misfits);
		}
		else if (types.contains("integer") && !(value instanceof Integer || value instanceof Long)) {
			misfits.add(where + ": " + value + " is not an integer");
		}
		else if (types.contains("number") && !(value instanceof Number)) {
			misfits.add(where + ": " + value + " is not a number");
		}
		else if (types.contains("boolean") && !(value instanceof Boolean)) {
			misfits.add(where + ": " + value + " is not a boolean");
		}
	}

	private static void fitString(Object value, Map<String, Object> schema, String where, List<String> misfits) {
		String format = String.valueOf(schema.get("format"));
		if (format.equals("date-time") && value instanceof Date) {
			// SnakeYAML reads an unquoted timestamp as a Date
			return;
		}
		if (!(value instanceof String text)) {
			misfits.add(where + ": " + value + " is not a string");
			return;
		}
		try {
			switch (format) {
				case "date-time" -> OffsetDateTime.parse(text);
				case "uuid" -> {
					if (!UUID.fromString(text).toString().equals(text)) {
						misfits.add(where + ": " + text + " is not a lowercase UUID");
					}
				}
				case "uri" -> URI.create(text);
				default -> {
				}
			}
		}
		catch (RuntimeException ex) {
			misfits.add(where + ": " + text + " is not a " + format);
		}
		if (schema.get("pattern") instanceof String pattern && !Pattern.compile(pattern).matcher(text).find()) {
			misfits.add(where + ": " + text + " does not match " + pattern);
		}
	}

	private static Map<String, Object> resolve(Map<String, Object> schema) {
		if (schema.get("$ref") instanceof String reference) {
			return map(ApiDocument.schemas(document).get(reference.substring(SCHEMAS.length())));
		}
		return schema;
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

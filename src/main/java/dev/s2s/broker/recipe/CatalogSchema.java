package dev.s2s.broker.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

/**
 * The catalog format as a JSON Schema (draft 2020-12), {@code recipes.schema.json} in the
 * jar, and what a catalog breaks of it, phrased for the operator who wrote it: each fault
 * names its recipe (by name and index) or format, the field, and what is wrong.
 */
final class CatalogSchema {

	static final String RESOURCE = "recipes.schema.json";

	private static final String ID = "urn:s2s-broker:recipe-catalog";

	private final JsonNode definition;

	private final Schema schema;

	CatalogSchema() {
		try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
			definition = JsonMapper.builder().build().readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + RESOURCE, ex);
		}
		schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
			.getSchema(SchemaLocation.of(ID), definition);
		schema.initializeValidators();
	}

	/**
	 * Every way the catalog breaks the schema, each as
	 * {@code recipe team-cos (recipes[0]):
	 * policies[1].roles: is required}; none when it is valid.
	 */
	List<String> problems(JsonNode catalog) {
		// In draft 2020-12 "format" only annotates unless assertions are enabled.
		List<Error> errors = schema.validate(catalog,
				context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
		List<String> problems = new ArrayList<>();
		for (Error error : errors) {
			problems.add(describe(catalog, error));
		}
		return problems;
	}

	private String describe(JsonNode catalog, Error error) {
		NodePath location = error.getInstanceLocation();
		StringBuilder where = new StringBuilder();
		StringBuilder field = new StringBuilder();
		int start = 0;
		if (location.getNameCount() >= 2 && "recipes".equals(location.getElement(0))
				&& location.getElement(1) instanceof Integer index) {
			JsonNode name = catalog.path("recipes").path(index).path("name");
			where.append(name.isString() ? "recipe " + name.stringValue() + " (recipes[" + index + "])"
					: "recipes[" + index + "]");
			start = 2;
		}
		else if (location.getNameCount() >= 2 && "formats".equals(location.getElement(0))) {
			where.append("format ").append(location.getElement(1));
			start = 2;
		}
		for (int i = start; i < location.getNameCount(); i++) {
			Object element = location.getElement(i);
			if (element instanceof Integer index) {
				field.append('[').append(index).append(']');
			}
			else {
				field.append(field.isEmpty() ? "" : ".").append(element);
			}
		}
		String message = message(error);
		if (error.getProperty() != null) {
			field.append(field.isEmpty() ? "" : ".").append(error.getProperty());
		}
		List<String> parts = new ArrayList<>();
		if (!where.isEmpty()) {
			parts.add(where.toString());
		}
		if (!field.isEmpty()) {
			parts.add(field.toString());
		}
		parts.add(message);
		return String.join(": ", parts);
	}

	private String message(Error error) {
		JsonNode value = error.getInstanceNode();
		return switch (error.getKeyword()) {
			case "required" -> "is required";
			case "additionalProperties" -> "is not a field here (misspelt?); expected one of " + fieldsBeside(error);
			case "pattern" -> quote(value) + " does not match " + error.getSchemaNode().stringValue()
					+ definitionOf(error).path("description")
						.stringValue("")
						.transform(what -> what.isEmpty() ? "" : " (" + what + ")");
			case "minItems" -> "needs at least " + count(error.getSchemaNode().asInt(), "entry", "entries");
			case "minProperties" -> "needs at least " + count(error.getSchemaNode().asInt(), "field", "fields");
			case "minLength" -> error.getSchemaNode().asInt() == 1 ? "must not be empty" : error.getMessage();
			case "enum" -> quote(value) + " is not one of " + error.getSchemaNode();
			case "format" -> quote(value) + " is not a valid " + ("regex".equals(error.getSchemaNode().stringValue())
					? "regular expression" : error.getSchemaNode().stringValue());
			default -> error.getMessage();
		};
	}

	/**
	 * The fields the schema allows where an unknown one was found: the properties of the
	 * schema object whose {@code additionalProperties} refused it.
	 */
	private List<String> fieldsBeside(Error error) {
		return List.copyOf(definitionOf(error).path("properties").propertyNames());
	}

	/** The schema object whose keyword the error breaks. */
	private JsonNode definitionOf(Error error) {
		String pointer = error.getSchemaLocation().getFragment().toString();
		return definition.at(pointer.substring(0, pointer.lastIndexOf('/')));
	}

	private static String count(int n, String one, String many) {
		return n + " " + (n == 1 ? one : many);
	}

	private static String quote(JsonNode value) {
		String text = value.isString() ? value.stringValue() : value.toString();
		return "'" + (text.length() <= 64 ? text : text.substring(0, 64) + "…") + "'";
	}

}

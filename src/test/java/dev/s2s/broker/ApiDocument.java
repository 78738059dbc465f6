package dev.s2s.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code openapi.yaml}, which {@code OpenApiDocumentIT} keeps equal to the document the
 * broker serves, read as YAML mappings for the tests that hold its content to the broker.
 */
public final class ApiDocument {

	private ApiDocument() {
	}

	/** The whole document. */
	public static Map<String, Object> read() {
		try {
			return new Yaml().load(Files.readString(Path.of("openapi.yaml")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The whole document as a JSON tree, its scalars as the YAML spells them. */
	public static JsonNode tree() {
		try {
			return YAMLMapper.builder().build().readTree(Files.readString(Path.of("openapi.yaml")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The document's component schemas, by name. */
	public static Map<String, Object> schemas(Map<String, Object> document) {
		return map(map(document.get("components")).get("schemas"));
	}

	/** A YAML mapping; anything else, or nothing, reads as an empty one. */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> map(Object value) {
		return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
	}

}

package dev.s2s.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;

/**
 * The schemas of the committed {@code openapi.yaml}, as a client validating the broker's
 * answers holds them: OpenAPI 3.1's dialect of JSON Schema 2020-12, {@code $ref}s
 * resolved inside the document, and {@code format} asserted ({@code uri},
 * {@code uri-reference}, {@code uuid}, {@code date-time}), which 2020-12 would otherwise
 * only annotate. A schema is named by its JSON pointer into the document, e.g.
 * {@code /components/schemas/Grant}.
 */
public final class ApiContract {

	/** Any IRI naming the document; its {@code .yaml} ending makes it read as YAML. */
	private static final String DOCUMENT = "urn:s2s-broker:openapi.yaml";

	/**
	 * The OpenAPI 3.1 dialect, plus the annotations of OpenAPI's Schema Object it does
	 * not declare; each unknown keyword would be logged at every schema it appears in.
	 */
	private static final Dialect DIALECT = Dialect.builder(Dialects.getOpenApi31())
		.keywords(List.of(new AnnotationKeyword("example"), new AnnotationKeyword("discriminator"),
				new AnnotationKeyword("xml"), new AnnotationKeyword("externalDocs")))
		.build();

	private static final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(DIALECT, builder -> builder
		.schemas(Map.of(DOCUMENT, read()))
		.schemaRegistryConfig(
				SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).formatAssertionsEnabled(true).build()));

	private static final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	private ApiContract() {
	}

	/**
	 * Where and how {@code value} breaks the schema at {@code pointer} (a JSON pointer
	 * into the document, without {@code #}); none when it fits.
	 */
	public static List<Violation> violations(String pointer, JsonNode value) {
		Schema schema = schemas.computeIfAbsent(pointer,
				location -> registry.getSchema(SchemaLocation.of(DOCUMENT + "#" + location)));
		return schema.validate(value)
			.stream()
			.map(error -> new Violation(error.getInstanceLocation().toString(), error.getMessage(), error.getKeyword()))
			.toList();
	}

	/** The JSON pointer of the schema of a response body or request body. */
	public static String pointer(String... tokens) {
		StringBuilder pointer = new StringBuilder();
		for (String token : tokens) {
			pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
		}
		return pointer.toString();
	}

	private static String read() {
		try {
			return Files.readString(Path.of("openapi.yaml"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One way a value breaks its schema: where in the value (a JSON pointer, empty for
	 * the whole value), the validator's message, and the keyword broken.
	 */
	public record Violation(String at, String message, String keyword) {

		@Override
		public String toString() {
			return (at.isEmpty() ? "/" : at) + ": " + message + " [" + keyword + "]";
		}

	}

}

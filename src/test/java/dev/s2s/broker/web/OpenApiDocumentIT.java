package dev.s2s.broker.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.s2s.broker.BrokerIT;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code openapi.yaml} at the root of the repository is the API the running broker
 * serves. After changing the API, regenerate it with
 * {@code ./mvnw verify -Dopenapi.write=true} and review the diff.
 */
class OpenApiDocumentIT extends BrokerIT {

	private static final Path DOCUMENT = Path.of("openapi.yaml");

	@Test
	void openapiYamlEqualsWhatTheBrokerServes() throws IOException {
		String served = RestClient.create("http://localhost:" + port)
			.get()
			.uri("/v3/api-docs.yaml")
			.retrieve()
			.body(String.class);
		if (Boolean.getBoolean("openapi.write")) {
			Files.writeString(DOCUMENT, served);
		}

		Object expected = new Yaml().load(Files.readString(DOCUMENT));
		Object actual = new Yaml().load(served);

		assertThat(actual).as("openapi.yaml is stale: run ./mvnw verify -Dopenapi.write=true").isEqualTo(expected);
	}

}

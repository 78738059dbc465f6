package dev.s2s.broker.recipe;

import java.util.ArrayList;
import java.util.Collections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files pin every policy document of every recipe: each file under
 * {@code src/test/resources/golden} holds an intent and exactly the documents it must
 * expand to, written from IBM's documentation, not from the code.
 */
class RecipeExpansionTest {

	private static final Path GOLDEN = Path.of("src/test/resources/golden");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RecipeCatalog catalog = new RecipeCatalog();

	static Stream<Path> goldenFiles() throws IOException {
		return Files.list(GOLDEN).filter(path -> path.toString().endsWith(".json")).sorted();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("goldenFiles")
	void expandsIntentIntoExactlyTheGoldenPolicyDocuments(Path file) {
		JsonNode golden = read(file);
		Intent intent = catalog.intent(golden.path("recipe").asString(), parameters(golden));

		List<PolicyDocument> documents = catalog.expand(intent);

		JsonNode expanded = json.valueToTree(documents);
		assertThat(expanded).isEqualTo(golden.path("policies"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("goldenFiles")
	void expandsTheSameIntentTheSameWayWhateverTheParameterOrder(Path file) {
		JsonNode golden = read(file);
		Map<String, String> forward = parameters(golden);
		Map<String, String> backward = new LinkedHashMap<>();
		List<String> names = new ArrayList<>(forward.keySet());
		Collections.reverse(names);
		names.forEach(name -> backward.put(name, forward.get(name)));

		Intent one = catalog.intent(golden.path("recipe").asString(), forward);
		Intent other = catalog.intent(golden.path("recipe").asString(), backward);

		assertThat(catalog.expand(one)).isEqualTo(catalog.expand(other));
		assertThat(one.key()).isEqualTo(other.key());
	}

	@Test
	void everyRecipeHasAGoldenFile() throws IOException {
		Set<String> covered;
		try (Stream<Path> files = goldenFiles()) {
			covered = files.map(file -> read(file).path("recipe").asString()).collect(Collectors.toSet());
		}
		assertThat(covered).containsExactlyInAnyOrderElementsOf(catalog.recipes().stream().map(Recipe::name).toList());
	}

	@Test
	void neverSendsTheErrorsOfIbmsOwnExamples() {
		for (Recipe recipe : catalog.recipes()) {
			Map<String, String> parameters = new LinkedHashMap<>();
			recipe.parameters().forEach(p -> parameters.put(p.name(), p.format().example()));
			for (PolicyDocument document : catalog.expand(catalog.intent(recipe.name(), parameters))) {
				assertThat(document.type()).isEqualTo("authorization");
				assertThat(document.resourceAttribute("serviceName")).isEqualTo("is");
			}
		}
	}

	@Test
	void namesTheAccountsAnIntentTouches() {
		Intent intent = catalog.intent("vpe-dns-sharing",
				Map.of("spokeAccountId", "11111111111111111111111111111111", "hubAccountId",
						"22222222222222222222222222222222", "hubVpcId", "r006-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"));

		assertThat(catalog.accounts(intent)).containsExactlyInAnyOrder("11111111111111111111111111111111",
				"22222222222222222222222222222222");
	}

	private static JsonNode read(Path file) {
		try {
			return json.readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, String> parameters(JsonNode golden) {
		Map<String, String> parameters = new LinkedHashMap<>();
		golden.path("parameters")
			.properties()
			.forEach(entry -> parameters.put(entry.getKey(), entry.getValue().asString()));
		return parameters;
	}

}

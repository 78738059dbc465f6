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

	/**
	 * Every variant of every recipe is pinned: some golden file gives each optional
	 * parameter (each narrowing and cross-account option), expands each policy of the
	 * recipe, and grants each of its conditional roles.
	 */
	@Test
	void goldenFilesPinEveryVariantOfEveryRecipe() throws IOException {
		Map<String, List<Map<String, String>>> intents = new LinkedHashMap<>();
		try (Stream<Path> files = goldenFiles()) {
			files.map(RecipeExpansionTest::read)
				.forEach(golden -> intents.computeIfAbsent(golden.path("recipe").asString(), name -> new ArrayList<>())
					.add(parameters(golden)));
		}
		for (Recipe recipe : catalog.recipes()) {
			List<Map<String, String>> pinned = intents.getOrDefault(recipe.name(), List.of());
			for (RecipeParameter parameter : recipe.parameters()) {
				assertThat(pinned).as("%s: a golden file giving %s", recipe.name(), parameter.name())
					.anySatisfy(parameters -> assertThat(parameters).containsKey(parameter.name()));
			}
			List<PolicyTemplate> templates = catalog.templates(recipe.name());
			for (int i = 0; i < templates.size(); i++) {
				PolicyTemplate template = templates.get(i);
				assertThat(pinned).as("%s: a golden file expanding policies[%d]", recipe.name(), i)
					.anySatisfy(parameters -> assertThat(template.appliesTo(parameters)).isTrue());
				for (PolicyTemplate.RoleTemplate role : template.roles()) {
					assertThat(pinned).as("%s: a golden file granting %s in policies[%d]", recipe.name(), role.crn(), i)
						.anySatisfy(parameters -> assertThat(
								template.appliesTo(parameters) && role.condition().holds(parameters))
							.isTrue());
				}
			}
		}
	}

	/**
	 * The mistakes IBM's own examples make (catalog-notes, section A): "type" access,
	 * console labels as attribute names, misspelt service names, a CRN where IAM wants a
	 * GUID, and the generic service roles written as platform roles.
	 */
	@Test
	void neverSendsTheErrorsOfIbmsOwnExamples() {
		Set<String> misspelt = Set.of("event-notification", "secret-manager", "is.volume", "is.vpc",
				"is.server-protect", "ibm_is_snapshot");
		for (Recipe recipe : catalog.recipes()) {
			Map<String, String> parameters = new LinkedHashMap<>();
			recipe.parameters().forEach(p -> parameters.put(p.name(), p.format().example()));
			for (PolicyDocument document : catalog.expand(catalog.intent(recipe.name(), parameters))) {
				assertThat(document.type()).isEqualTo("authorization");
				List<PolicyDocument.Attribute> subject = document.subjects().get(0).attributes();
				List<PolicyDocument.Attribute> resource = document.resources().get(0).attributes();
				assertThat(subject).extracting(PolicyDocument.Attribute::name).contains("accountId", "serviceName");
				assertThat(resource).extracting(PolicyDocument.Attribute::name).contains("accountId", "serviceName");
				for (PolicyDocument.Attribute attribute : concat(subject, resource)) {
					assertThat(attribute.name()).as(recipe.name()).matches("^[a-z][A-Za-z]*$");
					if (attribute.name().equals("serviceName")) {
						assertThat(attribute.value()).as(recipe.name()).isNotIn(misspelt);
					}
					if (attribute.name().equals("serviceInstance")) {
						assertThat(attribute.value()).as(recipe.name()).doesNotStartWith("crn:");
					}
				}
				assertThat(document.roles()).extracting(PolicyDocument.Role::roleId)
					.as(recipe.name())
					.noneMatch(role -> role.matches("^crn:v1:bluemix:public:iam::::role:(Reader|Writer|Manager)$"));
			}
		}
	}

	private static List<PolicyDocument.Attribute> concat(List<PolicyDocument.Attribute> first,
			List<PolicyDocument.Attribute> second) {
		List<PolicyDocument.Attribute> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
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

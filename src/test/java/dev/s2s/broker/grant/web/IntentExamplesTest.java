package dev.s2s.broker.grant.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.s2s.broker.ApiDocument;
import dev.s2s.broker.recipe.IntentRequest;
import dev.s2s.broker.recipe.InvalidIntent;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.recipe.RecipeParameter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static dev.s2s.broker.ApiDocument.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API document's examples of intents agree with the recipe catalog that GET
 * /v1/recipes shows: a shortcut's request schema shows for each property the catalog's
 * example of the parameter it stands for, and every named example of a request body that
 * takes intents is an intent the catalog accepts, made of the catalog's examples where it
 * is one intent. The document is {@code openapi.yaml}, which {@code OpenApiDocumentIT}
 * keeps equal to the one the broker serves.
 */
class IntentExamplesTest {

	private static final RecipeCatalog catalog = new RecipeCatalog();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Map<String, Object> document = ApiDocument.read();

	/**
	 * The shortcuts of {@link GrantController}: the recipe each grants, and how it turns
	 * its request into the recipe's parameters, as the controller does.
	 */
	private record Shortcut(String path, String recipe, Function<Object, Map<String, Object>> parameters) {
	}

	private static final List<Shortcut> shortcuts = List.of(
			new Shortcut("/v1/backup-authorizations", "vpc-backup",
					body -> json.convertValue(body, BackupAuthorizationRequest.class).parameters()),
			new Shortcut("/v1/dns-sharing-authorizations", "vpe-dns-sharing",
					body -> json.convertValue(body, DnsSharingAuthorizationRequest.class).parameters()));

	@Test
	void eachPropertyOfAShortcutsRequestShowsTheCatalogsExampleOfItsParameter() {
		for (Shortcut shortcut : shortcuts) {
			String schema = requestSchema(shortcut.path());
			Map<String, Object> properties = map(map(ApiDocument.schemas(document).get(schema)).get("properties"));
			Map<String, Object> examples = new LinkedHashMap<>();
			// Every property but mode, which says how to grant, not what, is a parameter.
			properties = new LinkedHashMap<>(properties);
			assertThat(properties.remove("mode")).as("%s: the grant's mode", schema).isNotNull();
			properties.forEach((name, property) -> examples.put(name, map(property).get("example")));

			assertThat(examples).as(schema).doesNotContainValue(null);
			Map<String, Object> parameters = shortcut.parameters().apply(examples);
			assertThat(parameters).as("%s: every property is a parameter of %s", schema, shortcut.recipe())
				.hasSameSizeAs(properties);
			assertThat(parameters).as("%s: the catalog's examples of %s", schema, shortcut.recipe())
				.isEqualTo(catalogExamples(shortcut.recipe(), parameters));
		}
	}

	@Test
	void everyNamedExampleOfAShortcutIsAnIntentOfTheCatalogsExamples() {
		for (Shortcut shortcut : shortcuts) {
			Map<String, Object> examples = namedExamples(shortcut.path());

			assertThat(examples).as(shortcut.path()).hasSizeGreaterThanOrEqualTo(2);
			examples.forEach((name, value) -> {
				Map<String, Object> parameters = shortcut.parameters().apply(value);
				assertThat(violations(shortcut.recipe(), parameters)).as("%s example %s", shortcut.path(), name)
					.isEmpty();
				assertThat(parameters).as("%s example %s", shortcut.path(), name)
					.isEqualTo(catalogExamples(shortcut.recipe(), parameters));
			});
		}
	}

	@Test
	void theBackupShortcutShowsThePlainIntentFirstAndTheEnterpriseVariantByName() {
		Map<String, Object> examples = namedExamples("/v1/backup-authorizations");

		assertThat(examples).containsOnlyKeys("account", "enterprise");
		assertThat(examples.keySet()).first().isEqualTo("account");
		assertThat(examples.get("account")).isEqualTo(Map.of("accountId", "0123456789abcdef0123456789abcdef"));
		assertThat(map(examples.get("enterprise"))).containsOnlyKeys("accountId", "enterpriseAccountId");
	}

	@Test
	void everyNamedExampleOfAnIntentIsAnIntentOfTheCatalogsExamplesForEachShapeOfVpcBackupAndVpeDnsSharing() {
		for (String path : List.of("/v1/grants", "/v1/plans")) {
			Map<String, Object> examples = namedExamples(path);
			List<Map<String, Object>> shapes = new ArrayList<>();
			examples.forEach((name, value) -> {
				IntentRequest intent = json.convertValue(value, IntentRequest.class);
				assertThat(violations(intent.recipe(), intent.parameters())).as("%s example %s", path, name).isEmpty();
				assertThat(intent.parameters()).as("%s example %s", path, name)
					.isEqualTo(catalogExamples(intent.recipe(), intent.parameters()));
				shapes.add(Map.of("recipe", intent.recipe(), "parameters", intent.parameters().keySet()));
			});

			assertThat(shapes).as(path + ": an example of each shape")
				.contains(Map.of("recipe", "vpc-backup", "parameters", Set.of("accountId")),
						Map.of("recipe", "vpc-backup", "parameters", Set.of("accountId", "enterpriseAccountId")),
						Map.of("recipe", "vpe-dns-sharing", "parameters",
								Set.of("spokeAccountId", "spokeVpcId", "hubAccountId", "hubVpcId")),
						Map.of("recipe", "vpe-dns-sharing", "parameters",
								Set.of("spokeAccountId", "hubAccountId", "hubVpcId")));
		}
	}

	@Test
	void swaggerUiOffersAnIntentOfEveryRecipeNamedAfterItAndSummarizedByItsTitle() {
		for (String path : List.of("/v1/grants", "/v1/plans")) {
			Map<String, Object> examples = namedExamples(path);
			Map<String, Object> summaries = summaries(path);

			assertThat(examples.keySet()).as(path).first().isEqualTo("1-vpc-backup");
			assertThat(examples.values().stream().map(value -> json.convertValue(value, IntentRequest.class).recipe()))
				.as(path + ": an intent of every recipe")
				.containsAll(catalog.recipes().stream().map(recipe -> recipe.name()).toList());
			catalog.recipes()
				.stream()
				.filter(recipe -> !recipe.name().equals("vpc-backup") && !recipe.name().equals("vpe-dns-sharing"))
				.forEach(recipe -> assertThat(summaries.get(recipe.name())).as("%s: %s", path, recipe.name())
					.isEqualTo(recipe.title()));
		}
	}

	@Test
	void everyIntentOfEveryNamedExampleOfABatchIsAnIntentTheCatalogAccepts() {
		Map<String, Object> examples = namedExamples("/v1/grant-batches");

		assertThat(examples).isNotEmpty();
		examples.forEach((name, value) -> {
			List<IntentRequest> intents = json.convertValue(value, GrantBatchRequest.class).intents();
			assertThat(intents).as(name).isNotEmpty();
			for (int i = 0; i < intents.size(); i++) {
				assertThat(violations(intents.get(i).recipe(), intents.get(i).parameters()))
					.as("/v1/grant-batches example %s, intents[%d]", name, i)
					.isEmpty();
			}
		});
	}

	@Test
	void theIntentSchemasOwnExampleIsAnIntentOfTheCatalogsExamples() {
		Map<String, Object> properties = map(map(ApiDocument.schemas(document).get("IntentRequest")).get("properties"));
		String recipe = (String) map(properties.get("recipe")).get("example");
		Map<String, Object> parameters = map(map(properties.get("parameters")).get("example"));

		assertThat(violations(recipe, parameters)).isEmpty();
		assertThat(parameters).isEqualTo(catalogExamples(recipe, parameters));
	}

	/** The catalog's example of each of the parameters named. */
	private static Map<String, Object> catalogExamples(String recipe, Map<String, ?> parameters) {
		Map<String, Object> examples = new LinkedHashMap<>();
		parameters.keySet()
			.forEach(name -> examples.put(name,
					catalog.recipe(recipe)
						.parameter(name)
						.map(RecipeParameter::example)
						.orElse("(not a parameter of " + recipe + ")")));
		return examples;
	}

	private static List<String> violations(String recipe, Map<String, ?> parameters) {
		try {
			catalog.intent(recipe, parameters);
			return List.of();
		}
		catch (InvalidIntent ex) {
			return ex.violations().stream().map(v -> v.field() + " " + v.message()).toList();
		}
	}

	private static Map<String, Object> requestBody(String path) {
		Map<String, Object> post = map(map(map(document.get("paths")).get(path)).get("post"));
		return map(map(map(post.get("requestBody")).get("content")).get("application/json"));
	}

	private static String requestSchema(String path) {
		String reference = (String) map(requestBody(path).get("schema")).get("$ref");
		return reference.substring(reference.lastIndexOf('/') + 1);
	}

	/** Each named example of the request body of {@code POST path}, by name, in order. */
	private static Map<String, Object> namedExamples(String path) {
		Map<String, Object> examples = new LinkedHashMap<>();
		map(requestBody(path).get("examples"))
			.forEach((name, example) -> examples.put(name, map(example).get("value")));
		return examples;
	}

	private static Map<String, Object> summaries(String path) {
		Map<String, Object> summaries = new LinkedHashMap<>();
		map(requestBody(path).get("examples"))
			.forEach((name, example) -> summaries.put(name, map(example).get("summary")));
		return summaries;
	}

}

package dev.s2s.broker.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.recipe.InvalidRecipeCatalog;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Recipes an operator adds without a release (issue 10): a broker started with
 * {@code broker.recipes.locations} serves, plans and grants them like its own, and one
 * given a bad file refuses to start, naming file, recipe and field.
 */
class OperatorRecipesIT extends BrokerIT {

	/** An operator's catalog: a format of its own besides the built-in account-id. */
	static final String TEAM_CATALOG = """
			formats:
			  instance-id:
			    pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
			    description: Service instance GUID, a lowercase UUID
			    example: 8d7e0ae1-7e87-4d9b-9f4c-5b8a1c3e2f10
			recipes:
			  - name: team-cos
			    title: Let a team's Object Storage encrypt with its Key Protect keys
			    docs: https://cloud.ibm.com/docs/cloud-object-storage?topic=cloud-object-storage-kp
			    description: Cloud Object Storage of accountId may read the keys of Key Protect instance kmsInstanceId.
			    parameters:
			      - {name: accountId, format: account-id, required: true, description: The team's account}
			      - name: cosInstanceId
			        format: instance-id
			        required: false
			        description: One Object Storage instance; leave out for every instance of the account
			      - {name: kmsInstanceId, format: instance-id, required: true, description: The Key Protect instance}
			    policies:
			      - subject: {accountId: "${accountId}", serviceName: cloud-object-storage, serviceInstance: "${cosInstanceId}"}
			        roles: [crn:v1:bluemix:public:iam::::serviceRole:Reader]
			        resource: {accountId: "${accountId}", serviceName: kms, serviceInstance: "${kmsInstanceId}"}
			""";

	private static final String KMS_INSTANCE = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c";

	private final TestDatabase database = TestDatabase.get("s2s_it_recipes");

	@TempDir
	Path directory;

	@Test
	void servesPlansAndGrantsARecipeFromAnOperatorsFile() throws IOException {
		Path team = Files.writeString(directory.resolve("team.yaml"), TEAM_CATALOG);
		try (ConfigurableApplicationContext broker = startBroker(database,
				Map.of("broker.recipes.locations", "file:" + team))) {
			port = Integer.parseInt(broker.getEnvironment().getProperty("local.server.port"));
			String account = newAccount();

			Answer recipes = get("/v1/recipes");
			Answer plan = post("/v1/plans", intent(account));
			Answer grant = post("/v1/grants", intent(account), "Prefer", "wait=20");

			assertThat(recipes.body().valueStream().map(recipe -> recipe.path("name").asString()))
				.startsWith("vpc-backup", "vpe-dns-sharing")
				.endsWith("team-cos");
			JsonNode teamCos = recipes.body().get(recipes.body().size() - 1);
			assertThat(teamCos.path("parametersSchema").path("required").valueStream().map(JsonNode::asString))
				.containsExactly("accountId", "kmsInstanceId");
			assertThat(teamCos.path("parametersSchema")
				.path("properties")
				.path("kmsInstanceId")
				.path("pattern")
				.asString()).isEqualTo("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
			assertThat(plan.status()).isEqualTo(200);
			assertThat(plan.body().path("policies").valueStream().map(policy -> policy.path("inIam").asString()))
				.containsExactly("ABSENT");
			assertThat(grant.status()).as(grant.body().toString()).isEqualTo(201);
			assertThat(grant.body().path("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(iam.policiesIn(account)).singleElement()
				.satisfies(policy -> assertThat(policy.path("resources").toString()).contains(KMS_INSTANCE));
			assertThat(teamCos.path("builtIn").asBoolean()).isFalse();
		}
	}

	@Test
	void refusesAGrantOfAnOperatorsRecipeWhoseRolesIamCannotCheckRecordingNothing() throws IOException {
		Path team = Files.writeString(directory.resolve("team.yaml"), TEAM_CATALOG);
		try (ConfigurableApplicationContext broker = startBroker(database,
				Map.of("broker.recipes.locations", "file:" + team, "broker.worker.enabled", "false"))) {
			port = Integer.parseInt(broker.getEnvironment().getProperty("local.server.port"));
			String account = newAccount();
			iam.failNext(Operation.LIST_ROLES, Fault.status(500));

			Answer grant = post("/v1/grants", intent(account));

			assertThat(grant.status()).as(grant.body().toString()).isEqualTo(503);
			assertThat(grant.header("Retry-After")).isEqualTo("5");
			assertThat(grant.body().path("type").asString()).isEqualTo("urn:s2s-broker:problem:roles-unchecked");
			assertThat(grant.body().path("detail").asString()).contains("team-cos", "IAM answered 500");
			assertThat(get("/v1/grants?accountId=" + account).body().path("totalElements").asLong()).isZero();
		}
	}

	@Test
	void refusesToStartWithARecipeGrantingEveryServiceOfAnAccount() throws IOException {
		Path team = Files.writeString(directory.resolve("team.yaml"),
				TEAM_CATALOG.replace("serviceName: kms, serviceInstance: \"${kmsInstanceId}\"",
						"serviceName: {operator: stringMatch, value: \"*\"}"));

		assertThatException().isThrownBy(() -> startRefused("file:" + team))
			.havingRootCause()
			.isInstanceOf(InvalidRecipeCatalog.class)
			.withMessageContaining(team + ": recipe team-cos (recipes[0]): policies[0].resource.serviceName: takes no "
					+ "operator (stringMatch): an authorization is to one named IAM service");
	}

	@Test
	void refusesToStartWithAMisspeltKeyNamingFileRecipeAndField() throws IOException {
		Path team = Files.writeString(directory.resolve("team.yaml"),
				TEAM_CATALOG.replace("        roles: [", "        role: ["));

		assertThatException().isThrownBy(() -> startRefused("file:" + team))
			.havingRootCause()
			.isInstanceOf(InvalidRecipeCatalog.class)
			.withMessageContainingAll(
					team + ": recipe team-cos (recipes[0]): policies[0].role: is not a field here "
							+ "(misspelt?); expected one of [when, unless, subject, roles, resource]",
					team + ": recipe team-cos (recipes[0]): policies[0].roles: is required");
	}

	@Test
	void refusesToStartWithARecipeIamWouldRefuseNamingFileRecipeAndField() throws IOException {
		Path team = Files.writeString(directory.resolve("team.yaml"),
				TEAM_CATALOG.replace("resource: {accountId: \"${accountId}\", ", "resource: {"));

		assertThatException().isThrownBy(() -> startRefused("file:" + team))
			.havingRootCause()
			.isInstanceOf(InvalidRecipeCatalog.class)
			.withMessageContaining(team + ": recipe team-cos (recipes[0]): policies[0].resource: needs accountId");
	}

	@Test
	void refusesToStartWithAMissingFileOrARecipeNameTaken() throws IOException {
		Path absent = directory.resolve("absent.yaml");
		Path taken = Files.writeString(directory.resolve("taken.yaml"),
				TEAM_CATALOG.replace("name: team-cos", "name: vpc-backup"));

		assertThatException()
			.isThrownBy(() -> startRefused(String.join(",", List.of("file:" + absent, "file:" + taken))))
			.havingRootCause()
			.isInstanceOf(InvalidRecipeCatalog.class)
			.withMessageContainingAll(absent + ": no such file",
					taken + ": recipe vpc-backup (recipes[0]): is defined in classpath:recipes.yaml already");
	}

	/**
	 * A broker given the operator's files {@code locations}, which must refuse to start.
	 * Spring Boot's report of the refusal (InvalidRecipeCatalogFailureAnalyzerTest) and
	 * the context's warning that it gave up are kept out of the test log.
	 */
	private ConfigurableApplicationContext startRefused(String locations) {
		return startBroker(database,
				Map.of("broker.recipes.locations", locations,
						"logging.level.org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter", "OFF",
						"logging.level.org.springframework.boot.web.server.servlet.context."
								+ "AnnotationConfigServletWebServerApplicationContext",
						"ERROR"));
	}

	private static Map<String, Object> intent(String account) {
		return Map.of("recipe", "team-cos", "parameters", Map.of("accountId", account, "kmsInstanceId", KMS_INSTANCE,
				"cosInstanceId", UUID.randomUUID().toString()));
	}

}

package dev.s2s.broker.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.s2s.broker.BrokerIT;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in recipe, as each golden file asks for it, plans against the IAM stand-in
 * with every role checked: IAM's roles API offers each role for the recipe's source and
 * target services, so no built-in intent is refused for its roles, and it returns the
 * CRNs the catalog pins.
 */
class BuiltInRecipesIT extends BrokerIT {

	static Stream<Path> goldenFiles() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden"))) {
			return files.filter(path -> path.toString().endsWith(".json")).sorted().toList().stream();
		}
	}

	/**
	 * Each golden intent is planned once: every role is offered by IAM (checked), and the
	 * roles IAM's roles API returns for each pair are the catalog's pinned CRNs, so the
	 * plan, whose documents carry IAM's CRNs, is the golden file's documents exactly.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("goldenFiles")
	void plansExactlyTheGoldenDocumentsWithEveryRoleOfferedByIam(Path file) throws IOException {
		JsonNode golden = json.readTree(Files.readString(file));

		Answer plan = post("/v1/plans",
				json.createObjectNode()
					.put("recipe", golden.path("recipe").asString())
					.set("parameters", golden.path("parameters")));

		assertThat(plan.status()).as(plan.body().toString()).isEqualTo(200);
		assertThat(plan.body().path("policies").valueStream().map(policy -> policy.path("rolesChecked").asBoolean()))
			.hasSize(golden.path("policies").size())
			.containsOnly(true);
		assertThat(plan.body().path("policies").valueStream().map(policy -> policy.path("document")).toList())
			.containsExactlyElementsOf(golden.path("policies").valueStream().toList());
	}

}

package dev.s2s.broker.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Operators' catalog files ({@code broker.recipes.locations}): loaded after the built-in
 * catalog, held to the same schema and checks, refused with file, recipe and field.
 */
class RecipeFilesTest {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	/** An operator's file: a format of its own, and the built-in account-id. */
	static final String TEAM_CATALOG = """
			formats:
			  team-bucket:
			    pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"
			    description: Cloud Object Storage bucket name
			    example: team-backups
			recipes:
			  - name: team-cos
			    title: Let a team's Key Protect keys encrypt one of its buckets
			    docs: https://cloud.ibm.com/docs/cloud-object-storage?topic=cloud-object-storage-kms-keys
			    description: Cloud Object Storage of accountId reads keys of Key Protect in accountId.
			    parameters:
			      - {name: accountId, format: account-id, required: true, description: The team's account}
			      - {name: bucket, format: team-bucket, required: false, description: One bucket; all when left out}
			    policies:
			      - subject: {accountId: "${accountId}", serviceName: cloud-object-storage, resource: "${bucket}"}
			        roles: [crn:v1:bluemix:public:iam::::serviceRole:Reader]
			        resource: {accountId: "${accountId}", serviceName: kms}
			""";

	@TempDir
	Path directory;

	@Test
	void theBuiltInCatalogMeetsTheSchema() throws IOException {
		try (InputStream in = new ClassPathResource(RecipeCatalog.RESOURCE).getInputStream()) {
			JsonNode builtIn = YAMLMapper.builder().build().readTree(in);

			assertThat(new CatalogSchema().problems(builtIn)).isEmpty();
		}
	}

	@Test
	void theSchemaIsAValidDraft202012Schema() throws IOException {
		try (InputStream in = new ClassPathResource(CatalogSchema.RESOURCE).getInputStream()) {
			JsonNode schema = JsonMapper.builder().build().readTree(in);

			assertThat(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
				.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"))
				.validate(schema)).isEmpty();
		}
	}

	@Test
	void servesAnOperatorsRecipesAfterTheBuiltInOnesWithTheBuiltInFormats() throws IOException {
		RecipeCatalog catalog = new RecipeCatalog(
				new RecipeProperties(List.of("file:" + write("team.yaml", TEAM_CATALOG))));

		assertThat(catalog.recipes()).extracting(Recipe::name)
			.startsWith("vpc-backup", "vpe-dns-sharing")
			.endsWith("team-cos")
			.containsAll(new RecipeCatalog().recipes().stream().map(Recipe::name).toList());
		Intent intent = catalog.intent("team-cos", Map.of("accountId", ACCOUNT, "bucket", "team-backups"));
		assertThat(catalog.accounts(intent)).containsExactly(ACCOUNT);
		assertThat(catalog.expand(intent)).singleElement()
			.satisfies(document -> assertThat(document.subjects().get(0).attributes())
				.contains(new PolicyDocument.Attribute("resource", "team-backups", null)));
		assertThat(catalog.recipe("team-cos").parameter("bucket").orElseThrow().format().example())
			.isEqualTo("team-backups");
	}

	@Test
	void readsAPlainPathAsAFile() throws IOException {
		RecipeCatalog catalog = new RecipeCatalog(
				new RecipeProperties(List.of(write("team.yaml", TEAM_CATALOG).toString())));

		assertThat(catalog.recipe("team-cos").title()).startsWith("Let a team's");
	}

	@Test
	void refusesARecipeNameTakenNamingBothFiles() throws IOException {
		Path first = write("team.yaml", TEAM_CATALOG);
		Path second = write("other.yaml",
				TEAM_CATALOG.replace("team-bucket", "bucket-id").replace("name: team-cos", "name: vpc-backup"));
		Path third = write("third.yaml", TEAM_CATALOG.replace("team-bucket", "bucket-ref"));

		assertThatExceptionOfType(InvalidRecipeCatalog.class)
			.isThrownBy(() -> new RecipeCatalog(
					new RecipeProperties(List.of("file:" + first, "file:" + second, "file:" + third))))
			.satisfies(refused -> assertThat(refused.problems()).containsExactly(
					second + ": recipe vpc-backup (recipes[0]): is defined in classpath:recipes.yaml already",
					third + ": recipe team-cos (recipes[0]): is defined in " + first + " already"));
	}

	@Test
	void refusesAFormatNameTakenAndAnotherFilesFormat() throws IOException {
		Path first = write("team.yaml", TEAM_CATALOG);
		Path second = write("other.yaml",
				TEAM_CATALOG.replace("name: team-cos", "name: other-cos").replace("team-bucket:", "account-id:"));

		assertThatExceptionOfType(InvalidRecipeCatalog.class)
			.isThrownBy(() -> new RecipeCatalog(new RecipeProperties(List.of("file:" + first, "file:" + second))))
			.satisfies(refused -> assertThat(refused.problems()).hasSize(2)
				.satisfies(problems -> assertThat(problems.get(0))
					.isEqualTo(second + ": format account-id: is defined in classpath:recipes.yaml already"))
				.satisfies(problems -> assertThat(problems.get(1)).as("the built-in formats, not the first file's")
					.startsWith(second + ": recipe other-cos (recipes[0]): parameters[1].format: unknown format "
							+ "'team-bucket'; one of [account-id, vpc-id")
					.doesNotContain("team-bucket,", "team-bucket]")));
	}

	@Test
	void takesAnOperatorsServiceLabelsButRefusesAServiceDescribedTwice() throws IOException {
		Path team = write("team.yaml",
				"services:\n  team-svc: {label: Team Service, misspellings: [team-service]}\n" + TEAM_CATALOG);
		Path other = write("other.yaml", "services:\n  kms: {label: Key Protect}\n"
				+ TEAM_CATALOG.replace("team-bucket", "other-bucket").replace("name: team-cos", "name: other-cos"));

		assertThat(new RecipeCatalog(new RecipeProperties(List.of("file:" + team))).recipe("team-cos")).isNotNull();
		assertThatExceptionOfType(InvalidRecipeCatalog.class)
			.isThrownBy(() -> new RecipeCatalog(new RecipeProperties(List.of("file:" + other))))
			.satisfies(refused -> assertThat(refused.problems())
				.containsExactly(other + ": service kms: is described in classpath:recipes.yaml already"));
	}

	@Test
	void refusesAPolicyWhoseAccountsAnIntentMayLeaveOutSoThatItNamesNoAccount() throws IOException {
		Path file = write("optional.yaml", TEAM_CATALOG.replace("{name: accountId, format: account-id, required: true",
				"{name: accountId, format: account-id, required: false"));

		assertThatExceptionOfType(InvalidRecipeCatalog.class)
			.isThrownBy(() -> new RecipeCatalog(new RecipeProperties(List.of("file:" + file))))
			.satisfies(refused -> assertThat(refused.problems()).containsExactly(
					file + ": recipe team-cos (recipes[0]): policies[0].subject.accountId: must be ${p} or ${p|q} "
							+ "of account-id parameters an intent cannot leave out (required, or the policy's when), "
							+ "so that access rules see every account an intent names",
					file + ": recipe team-cos (recipes[0]): policies[0].resource.accountId: must be ${p} or "
							+ "${p|q} of account-id parameters an intent cannot leave out (required, or the policy's "
							+ "when), so that access rules see every account an intent names"));
	}

	@Test
	void refusesAMissingFile() {
		Path absent = directory.resolve("absent.yaml");

		assertThatExceptionOfType(InvalidRecipeCatalog.class)
			.isThrownBy(() -> new RecipeCatalog(new RecipeProperties(List.of("file:" + absent))))
			.satisfies(refused -> assertThat(refused.problems()).containsExactly(absent + ": no such file"));
	}

	@Test
	void refusesAKeyGivenTwiceAndWhatIsNotYaml() throws IOException {
		Path twice = write("twice.yaml",
				TEAM_CATALOG.replace("        roles: [", "        roles: []\n        roles: ["));
		Path notYaml = write("not-yaml.yaml", "recipes: [\n");
		Path empty = write("empty.yaml", "# nothing yet\n");

		assertThatExceptionOfType(InvalidRecipeCatalog.class)
			.isThrownBy(() -> new RecipeCatalog(
					new RecipeProperties(List.of("file:" + twice, "file:" + notYaml, "file:" + empty))))
			.satisfies(refused -> assertThat(refused.problems()).satisfiesExactly(
					problem -> assertThat(problem).startsWith(twice + ": is not valid YAML: ")
						.contains("key 'roles' is given twice (line 17"),
					problem -> assertThat(problem).startsWith(notYaml + ": is not valid YAML: ")
						.contains("expected the node content"),
					problem -> assertThat(problem).isEqualTo(empty + ": is empty")));
	}

	@Test
	void refusesAValueYamlWouldTakeForANumberOrABoolean() throws IOException {
		Path numbers = write("numbers.yaml", TEAM_CATALOG.replace("example: team-backups", "example: 1234")
			.replace("required: false", "required: no"));

		assertThatExceptionOfType(InvalidRecipeCatalog.class)
			.isThrownBy(() -> new RecipeCatalog(new RecipeProperties(List.of("file:" + numbers))))
			.satisfies(refused -> assertThat(refused.problems())
				.containsExactly(numbers + ": format team-bucket: example: integer found, string expected", numbers
						+ ": recipe team-cos (recipes[0]): parameters[1].required: string found, boolean expected"));
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(directory.resolve(name), content);
	}

}

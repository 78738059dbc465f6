package dev.s2s.broker.catalog.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.s2s.broker.ApiDocument;
import dev.s2s.broker.recipe.InvalidIntent;
import dev.s2s.broker.recipe.RecipeCatalog;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A recipe as GET /v1/recipes shows it, with its parameters as a JSON Schema a portal can
 * render a form from.
 */
class RecipeViewTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final RecipeCatalog catalog = new RecipeCatalog();

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String VPC = "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c";

	@Test
	void describesTheParametersOfVpeDnsSharingAsJsonSchemaEachWithItsExample() {
		JsonNode schema = json.valueToTree(RecipeView.of(catalog.recipe("vpe-dns-sharing")).parametersSchema());

		assertThat(schema).isEqualTo(json.readTree(
				"""
						{
						  "$schema": "https://json-schema.org/draft/2020-12/schema",
						  "type": "object",
						  "properties": {
						    "spokeAccountId": {
						      "type": "string",
						      "pattern": "^[0-9a-f]{32}$",
						      "description": "The account of the spoke (DNS-consuming) VPC (account-id: IBM Cloud account id, 32 lowercase hexadecimal characters)",
						      "examples": ["0123456789abcdef0123456789abcdef"]
						    },
						    "spokeVpcId": {
						      "type": "string",
						      "pattern": "^r[0-9]{3}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
						      "description": "The spoke VPC; leave out to authorize every VPC of the spoke account (vpc-id: VPC id, a region prefix rNNN- followed by a lowercase UUID)",
						      "examples": ["r006-fd189c4f-52a0-4694-abfd-186cb6011a3c"]
						    },
						    "hubAccountId": {
						      "type": "string",
						      "pattern": "^[0-9a-f]{32}$",
						      "description": "The account of the hub (DNS-sharing) VPC (account-id: IBM Cloud account id, 32 lowercase hexadecimal characters)",
						      "examples": ["fedcba9876543210fedcba9876543210"]
						    },
						    "hubVpcId": {
						      "type": "string",
						      "pattern": "^r[0-9]{3}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
						      "description": "The hub VPC (vpc-id: VPC id, a region prefix rNNN- followed by a lowercase UUID)",
						      "examples": ["r006-7c1e5b0a-3d92-4f6e-a8b4-91c2d7e05f38"]
						    }
						  },
						  "required": ["spokeAccountId", "hubAccountId", "hubVpcId"],
						  "additionalProperties": false
						}
						"""));
	}

	@Test
	void listsEachParameterWithItsOwnExampleOrElseItsFormats() {
		assertThat(RecipeView.of(catalog.recipe("vpe-dns-sharing")).parameters())
			.extracting(RecipeView.ParameterView::name, RecipeView.ParameterView::example)
			.containsExactly(tuple("spokeAccountId", ACCOUNT), tuple("spokeVpcId", VPC),
					tuple("hubAccountId", "fedcba9876543210fedcba9876543210"),
					tuple("hubVpcId", "r006-7c1e5b0a-3d92-4f6e-a8b4-91c2d7e05f38"));
	}

	/**
	 * The API document ({@code openapi.yaml}, which {@code OpenApiDocumentIT} keeps equal
	 * to the one served) shows recipe vpc-backup as GET /v1/recipes/vpc-backup does.
	 */
	@Test
	void theApiDocumentsExampleOfARecipeIsVpcBackupAsTheCatalogShowsIt() {
		Map<String, Object> schemas = ApiDocument.schemas(ApiDocument.read());
		RecipeView vpcBackup = RecipeView.of(catalog.recipe("vpc-backup"));

		Map<String, Object> examples = examples(map(schemas.get("Recipe")));
		// vpc-backup grants no broad role and has no revoke caution: the examples of
		// broadScope and revokeCaution are other recipes' reasons.
		assertThat(examples.remove("broadScope")).isNotNull();
		assertThat(examples.remove("revokeCaution")).isNotNull();
		assertThat(vpcBackup.broadScope()).isNull();
		assertThat(vpcBackup.revokeCaution()).isNull();
		JsonNode shown = json.valueToTree(vpcBackup);
		((ObjectNode) shown).remove("broadScope");
		((ObjectNode) shown).remove("revokeCaution");
		assertThat(json.<JsonNode>valueToTree(examples)).isEqualTo(shown);
		assertThat(json.<JsonNode>valueToTree(examples(map(schemas.get("RecipeParameter")))))
			.isEqualTo(json.<JsonNode>valueToTree(vpcBackup.parameters().get(0)));
	}

	private static Map<String, Object> examples(Map<String, Object> schema) {
		Map<String, Object> examples = new LinkedHashMap<>();
		map(schema.get("properties")).forEach((name, property) -> examples.put(name, map(property).get("example")));
		return examples;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
	}

	@Test
	void theParametersSchemaAcceptsExactlyWhatTheBrokerAccepts() {
		Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
			.getSchema(json.valueToTree(RecipeView.of(catalog.recipe("vpe-dns-sharing")).parametersSchema()));
		Map<String, Object> valid = Map.of("spokeAccountId", ACCOUNT, "hubAccountId", ACCOUNT, "hubVpcId", VPC);
		List<Map<String, Object>> candidates = List.of(valid, with(valid, "spokeVpcId", VPC),
				with(valid, "hubVpcId", null), with(valid, "hubVpcId", "x" + VPC), with(valid, "hubVpcId", VPC + "\n"),
				with(valid, "hubVpcId", VPC.toUpperCase()), with(valid, "spokeAccountId", 42),
				with(valid, "spokeAccountId", ACCOUNT + "0"), with(valid, "unknown", "x"));

		for (Map<String, Object> candidate : candidates) {
			assertThat(schema.validate(json.valueToTree(candidate)).isEmpty()).as("the schema accepts %s", candidate)
				.isEqualTo(brokerAccepts(candidate));
		}
		assertThat(candidates.stream().filter(RecipeViewTest::brokerAccepts)).hasSize(2);
	}

	@Test
	void anchorsAPatternThatIsNotAnchoredAsTheBrokerMatchesTheWholeValue() {
		assertThat(
				new dev.s2s.broker.recipe.ParameterFormat("code", "[a-z]+|[0-9]+", "a code", "abc").wholeValuePattern())
			.isEqualTo("^(?:[a-z]+|[0-9]+)$");
		assertThat(new dev.s2s.broker.recipe.ParameterFormat("code", "^[a-z]+$", "a code", "abc").wholeValuePattern())
			.isEqualTo("^[a-z]+$");
	}

	private static boolean brokerAccepts(Map<String, Object> parameters) {
		try {
			catalog.intent("vpe-dns-sharing", parameters);
			return true;
		}
		catch (InvalidIntent ex) {
			return false;
		}
	}

	private static Map<String, Object> with(Map<String, Object> parameters, String name, Object value) {
		Map<String, Object> changed = new LinkedHashMap<>(parameters);
		if (value == null) {
			changed.remove(name);
		}
		else {
			changed.put(name, value);
		}
		return changed;
	}

}

package dev.s2s.broker.recipe;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What recipes can say: attribute operators, roles and policies that depend on
 * parameters.
 */
class RecipeEngineTest {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String OTHER = "fedcba9876543210fedcba9876543210";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RecipeCatalog catalog = new RecipeCatalog(new ClassPathResource("catalogs/operators.yaml"));

	@Test
	void writesAnOperatorOnlyWhereTheRecipeGivesOne() {
		List<PolicyDocument> documents = catalog
			.expand(catalog.intent("share-snapshots", Map.of("accountId", ACCOUNT)));

		assertThat(json.valueToTree(documents.get(0).resources().get(0).attributes()).toString()).isEqualTo(
				"[{\"name\":\"accountId\",\"value\":\"" + ACCOUNT + "\"},{\"name\":\"serviceName\",\"value\":\"is\"},"
						+ "{\"name\":\"shareId\",\"value\":\"true\",\"operator\":\"stringExists\"}]");
		assertThat(documents.get(1).resources().get(0).attributes())
			.contains(new PolicyDocument.Attribute("shareId", "r006-*", "stringMatch"));
	}

	@Test
	void grantsARoleOnlyWhenItsParameterIsGiven() {
		List<PolicyDocument> sameAccount = catalog
			.expand(catalog.intent("share-snapshots", Map.of("accountId", ACCOUNT)));
		List<PolicyDocument> crossAccount = catalog
			.expand(catalog.intent("share-snapshots", Map.of("accountId", ACCOUNT, "sourceAccountId", OTHER)));

		assertThat(sameAccount.get(0).roles()).extracting(PolicyDocument.Role::roleId)
			.containsExactly("crn:v1:bluemix:public:iam::::role:Editor");
		assertThat(crossAccount.get(0).roles()).extracting(PolicyDocument.Role::roleId)
			.containsExactly("crn:v1:bluemix:public:iam::::role:Editor",
					"crn:v1:bluemix:public:iam::::role:AuthorizationDelegator");
	}

	@Test
	void leavesOutAPolicyUnlessItsParameterIsAbsent() {
		assertThat(catalog.expand(catalog.intent("share-snapshots", Map.of("accountId", ACCOUNT)))).hasSize(2);
		assertThat(catalog
			.expand(catalog.intent("share-snapshots", Map.of("accountId", ACCOUNT, "sourceAccountId", OTHER))))
			.hasSize(1);
	}

	@Test
	void refusesACatalogNamingEachFaultByFileRecipePolicyAndField() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new RecipeCatalog(new ClassPathResource("catalogs/broken.yaml")))
			.isInstanceOf(InvalidRecipeCatalog.class)
			.withMessageContainingAll(
					"classpath:catalogs/broken.yaml: recipe broken (recipes[0]): policies[0].subject: "
							+ "needs accountId",
					"(recipes[0]): policies[0].resource: needs accountId",
					"(recipes[0]): policies[0].resource.shareId: stringExists takes \"true\" or \"false\"",
					"(recipes[0]): policies[1].roles: at least one role must be granted whatever the parameters",
					"(recipes[0]): policies[1]: refers to unknown parameter missing",
					"(recipes[0]): policies[3].subject.resourceType: IAM's subject attributes take no operator",
					"(recipes[0]): parameters[1].format: unknown format 'key-ring'; one of [account-id]",
					"(recipes[0]): parameters[2].example: example of parameter otherAccountId does not match the "
							+ "pattern of its format account-id",
					"classpath:catalogs/broken.yaml: format vpc-id: example of format vpc-id does not match its own "
							+ "pattern");
	}

	@Test
	void refusesAnAccountThatIsNotAnAccountIdParameterSoAccessRulesSeeEveryAccount() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new RecipeCatalog(new ClassPathResource("catalogs/broken.yaml")))
			.withMessageContainingAll(
					"(recipes[0]): policies[2].subject.accountId: must be ${p} or ${p|q} of account-id parameters",
					"(recipes[0]): policies[2].resource.accountId: must be ${p} or ${p|q} of account-id parameters");
	}

	@Test
	void refusesKeysTheSchemaDoesNotKnowNamingRecipeAndField() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new RecipeCatalog(new ClassPathResource("catalogs/misspelt.yaml")))
			.satisfies(refused -> assertThat(((InvalidRecipeCatalog) refused).problems()).containsExactlyInAnyOrder(
					"classpath:catalogs/misspelt.yaml: recipe misspelt (recipes[0]): parameters[0].requried: is not a "
							+ "field here (misspelt?); expected one of [name, format, required, description, example]",
					"classpath:catalogs/misspelt.yaml: recipe misspelt (recipes[0]): policies[0].role: is not a field "
							+ "here (misspelt?); expected one of [when, unless, subject, roles, resource]",
					"classpath:catalogs/misspelt.yaml: recipe misspelt (recipes[0]): policies[0].roles: is required",
					"classpath:catalogs/misspelt.yaml: recipe misspelt (recipes[0]): policies[0].resource.keyRing.operator: "
							+ "'stringLike' is not one of [\"stringEquals\",\"stringExists\",\"stringMatch\"]",
					"classpath:catalogs/misspelt.yaml: recipe misspelt (recipes[0]): policies[1].roles[0]: 'Reader' does "
							+ "not match ^crn:v1:bluemix:public:[a-z0-9-]*::::(role|serviceRole):[A-Za-z0-9][A-Za-z0-9-]*$ "
							+ "(crn:v1:bluemix:public:<service>::::role|serviceRole:<Name>)",
					"classpath:catalogs/misspelt.yaml: recipe misspelt (recipes[0]): policies[1].roles[1].whne: is not a "
							+ "field here (misspelt?); expected one of [crn, when, unless]",
					"classpath:catalogs/misspelt.yaml: recipe misspelt (recipes[0]): policies[2].roles: needs at least 1 "
							+ "entry"));
	}

}

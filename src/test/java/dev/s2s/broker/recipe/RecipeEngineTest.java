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
	void refusesACatalogNamingEachFaultByRecipePolicyAndField() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new RecipeCatalog(new ClassPathResource("catalogs/broken.yaml")))
			.withMessageContainingAll("recipe broken: policies[0].subject: needs accountId",
					"policies[0].resource: needs accountId", "policies[0].roles[0]: 'Reader' is not a role CRN",
					"policies[0].resource.keyRing: unknown operator 'stringLike'",
					"policies[0].resource.shareId: stringExists takes \"true\" or \"false\"",
					"policies[1].roles: needs at least one role", "policies[1]: refers to unknown parameter missing");
	}

}

package dev.s2s.broker.recipe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.recipe.PolicyRecognition.Recognition;
import dev.s2s.broker.recipe.PolicyRecognition.Satisfaction;
import dev.s2s.broker.recipe.PolicyRecognition.SatisfiedIntent;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Reading existing IAM policies back into recipes and parameters, and intents out of an
 * account's policies. Assertions look at the recipes they are about only: the catalog
 * grows.
 */
class PolicyRecognitionTest {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String OTHER = "fedcba9876543210fedcba9876543210";

	private static final String HUB_VPC = "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c";

	private static final String SPOKE_VPC = "r006-0a1b2c3d-52a0-4694-abfd-186cb6011a3c";

	private final RecipeCatalog catalog = new RecipeCatalog();

	private final PolicyRecognition recognition = new PolicyRecognition(catalog);

	private final RecipeCatalog operators = new RecipeCatalog(new ClassPathResource("catalogs/operators.yaml"));

	private final PolicyRecognition operatorRecognition = new PolicyRecognition(operators);

	@Test
	void bindsTheParametersThatMakeARecipesPolicyThePolicy() {
		List<PolicyDocument> enterprise = expand("vpc-backup",
				Map.of("accountId", ACCOUNT, "enterpriseAccountId", OTHER));

		assertThat(recognized("vpc-backup", expand("vpc-backup", Map.of("accountId", ACCOUNT)).get(1)))
			.containsExactly(new Recognition("vpc-backup", Map.of("accountId", ACCOUNT), 1));
		assertThat(recognized("vpc-backup", enterprise.get(3))).containsExactly(
				new Recognition("vpc-backup", Map.of("accountId", ACCOUNT, "enterpriseAccountId", OTHER), 3));
		assertThat(recognized("vpc-backup", enterprise.get(4))).as("the policy only the enterprise variant has")
			.containsExactly(
					new Recognition("vpc-backup", Map.of("accountId", ACCOUNT, "enterpriseAccountId", OTHER), 4));
	}

	@Test
	void keepsOnlyTheLeastParametersThatGiveThePolicy() {
		PolicyDocument sameAccountEnterprise = expand("vpc-backup",
				Map.of("accountId", ACCOUNT, "enterpriseAccountId", ACCOUNT))
			.get(0);

		assertThat(recognized("vpc-backup", sameAccountEnterprise)).as("enterpriseAccountId = accountId adds nothing")
			.containsExactly(new Recognition("vpc-backup", Map.of("accountId", ACCOUNT), 0));
	}

	@Test
	void anAttributeWhoseWholeValueIsAnOptionalParameterMayBeAbsent() {
		Map<String, String> everySpokeVpc = Map.of("spokeAccountId", OTHER, "hubAccountId", ACCOUNT, "hubVpcId",
				HUB_VPC);
		Map<String, String> oneSpokeVpc = Map.of("spokeAccountId", OTHER, "spokeVpcId", SPOKE_VPC, "hubAccountId",
				ACCOUNT, "hubVpcId", HUB_VPC);

		PolicyDocument withoutSpokeVpc = expand("vpe-dns-sharing", everySpokeVpc).get(0);
		assertThat(withoutSpokeVpc.subjects().get(0).attributes()).extracting(PolicyDocument.Attribute::name)
			.doesNotContain("resource");
		assertThat(recognized("vpe-dns-sharing", withoutSpokeVpc))
			.containsExactly(new Recognition("vpe-dns-sharing", everySpokeVpc, 0));
		assertThat(recognized("vpe-dns-sharing", expand("vpe-dns-sharing", oneSpokeVpc).get(0)))
			.containsExactly(new Recognition("vpe-dns-sharing", oneSpokeVpc, 0));
	}

	@Test
	void anOperatorOtherThanTheRecipesIsNotRecognized() {
		PolicyDocument exists = expand(operators, "share-snapshots", Map.of("accountId", ACCOUNT)).get(0);
		PolicyDocument equals = withResourceAttribute(exists, new PolicyDocument.Attribute("shareId", "true"));
		PolicyDocument spelledOut = withResourceAttribute(expand("vpc-backup", Map.of("accountId", ACCOUNT)).get(0),
				new PolicyDocument.Attribute("volumeId", "*", "stringEquals"));
		PolicyDocument matching = withResourceAttribute(spelledOut,
				new PolicyDocument.Attribute("volumeId", "*", "stringMatch"));

		assertThat(operatorRecognition.recognize(exists))
			.containsExactly(new Recognition("share-snapshots", Map.of("accountId", ACCOUNT), 0));
		assertThat(operatorRecognition.recognize(equals)).as("stringEquals where the recipe says stringExists")
			.isEmpty();
		assertThat(recognized("vpc-backup", spelledOut)).as("stringEquals spelled out is the default")
			.containsExactly(new Recognition("vpc-backup", Map.of("accountId", ACCOUNT), 0));
		assertThat(recognized("vpc-backup", matching)).as("stringMatch where the recipe means stringEquals").isEmpty();
	}

	@Test
	void rolesMatchByNameWhateverCrnNamespaceIamListsThemUnder() {
		Map<String, String> parameters = Map.of("spokeAccountId", OTHER, "hubAccountId", ACCOUNT, "hubVpcId", HUB_VPC);
		PolicyDocument pinned = expand("vpe-dns-sharing", parameters).get(0);
		assertThat(pinned.roles()).extracting(PolicyDocument.Role::roleId)
			.containsExactly("crn:v1:bluemix:public:is::::serviceRole:DNSBindingConnector");

		assertThat(recognized("vpe-dns-sharing",
				withRoles(pinned, "crn:v1:bluemix:public:iam::::serviceRole:DNSBindingConnector")))
			.containsExactly(new Recognition("vpe-dns-sharing", parameters, 0));
		assertThat(recognized("vpe-dns-sharing", withRoles(pinned, "crn:v1:bluemix:public:is::::serviceRole:Viewer")))
			.isEmpty();
	}

	@Test
	void aPolicyWithARoleMoreHoldsTheIntentAndOneWithARoleLessDoesNot() {
		Map<String, String> parameters = Map.of("spokeAccountId", OTHER, "hubAccountId", ACCOUNT, "hubVpcId", HUB_VPC);
		PolicyDocument pinned = expand("vpe-dns-sharing", parameters).get(0);
		PolicyDocument wider = withRoles(pinned, "crn:v1:bluemix:public:is::::serviceRole:DNSBindingConnector",
				"crn:v1:bluemix:public:iam::::role:Viewer");
		List<PolicyDocument> backup = expand("vpc-backup", Map.of("accountId", ACCOUNT));
		List<PolicyDocument> narrowerVolumes = new ArrayList<>(backup);
		narrowerVolumes.set(0, withRoles(backup.get(0), "crn:v1:bluemix:public:iam::::role:Viewer"));

		assertThat(recognized("vpe-dns-sharing", wider)).as("IAM's one policy for the place, with a role more")
			.containsExactly(new Recognition("vpe-dns-sharing", parameters, 0));
		assertThat(recognition.satisfiedIntents(List.of(wider)))
			.extracting(SatisfiedIntent::satisfaction, SatisfiedIntent::present)
			.containsExactly(tuple(Satisfaction.FULL, List.of(0)));
		assertThat(recognized("vpc-backup", narrowerVolumes.get(0))).as("Viewer where the recipe needs Operator")
			.isEmpty();
		assertThat(recognition.satisfiedIntents(narrowerVolumes)
			.stream()
			.filter(intent -> intent.intent().recipe().equals("vpc-backup"))
			.toList()).extracting(SatisfiedIntent::satisfaction, SatisfiedIntent::present)
			.containsExactly(tuple(Satisfaction.PARTIAL, Arrays.asList(null, 1, 2, 3)));
	}

	@Test
	void aTemplateWithConditionalRolesMatchesTheRoleSetOfSomeParameterChoice() {
		PolicyDocument sameAccount = expand(operators, "share-snapshots", Map.of("accountId", ACCOUNT)).get(0);
		PolicyDocument delegating = withRoles(sameAccount, "crn:v1:bluemix:public:iam::::role:AuthorizationDelegator",
				"crn:v1:bluemix:public:iam::::role:Editor");

		assertThat(operatorRecognition.recognize(sameAccount))
			.containsExactly(new Recognition("share-snapshots", Map.of("accountId", ACCOUNT), 0));
		assertThat(operatorRecognition.recognize(delegating))
			.as("the delegator role is there only when sourceAccountId is given, here equal to accountId")
			.containsExactly(
					new Recognition("share-snapshots", Map.of("accountId", ACCOUNT, "sourceAccountId", ACCOUNT), 0));
		PolicyDocument crossAccount = expand(operators, "share-snapshots",
				Map.of("accountId", ACCOUNT, "sourceAccountId", OTHER))
			.get(0);
		assertThat(operatorRecognition.recognize(withRoles(crossAccount, "crn:v1:bluemix:public:iam::::role:Editor")))
			.as("another account's source without the delegator role")
			.isEmpty();
	}

	@Test
	void literalValuesMustBeEqualAndBoundValuesMustFitTheirFormat() {
		PolicyDocument volumes = expand("vpc-backup", Map.of("accountId", ACCOUNT)).get(0);

		assertThat(recognized("vpc-backup",
				withResourceAttribute(volumes, new PolicyDocument.Attribute("serviceName", "cloud-object-storage"))))
			.isEmpty();
		assertThat(recognized("vpc-backup",
				withResourceAttribute(volumes, new PolicyDocument.Attribute("accountId", "not-an-account"))))
			.isEmpty();
		assertThat(recognized("vpc-backup",
				withResourceAttribute(volumes, new PolicyDocument.Attribute("region", "eu-de"))))
			.as("an attribute the recipe does not have")
			.isEmpty();
	}

	@Test
	void anIntentIsFullWhenEveryDocumentIsPresentAndPartialWhenSomeAre() {
		List<PolicyDocument> backup = expand("vpc-backup", Map.of("accountId", ACCOUNT));
		List<PolicyDocument> enterprise = expand("vpc-backup",
				Map.of("accountId", ACCOUNT, "enterpriseAccountId", OTHER));
		PolicyDocument unrelated = new PolicyDocument(PolicyDocument.AUTHORIZATION,
				List.of(new PolicyDocument.Subject(List.of(new PolicyDocument.Attribute("accountId", ACCOUNT),
						new PolicyDocument.Attribute("serviceName", "containers-kubernetes")))),
				List.of(new PolicyDocument.Role("crn:v1:bluemix:public:iam::::serviceRole:Writer")),
				List.of(new PolicyDocument.Resource(List.of(new PolicyDocument.Attribute("accountId", ACCOUNT),
						new PolicyDocument.Attribute("serviceName", "cloud-object-storage")))));
		List<PolicyDocument> account = new ArrayList<>(List.of(enterprise.get(2), unrelated));
		account.addAll(List.of(backup.get(3), backup.get(2), backup.get(1), backup.get(0)));
		account.add(enterprise.get(0));

		List<SatisfiedIntent> intents = recognition.satisfiedIntents(account)
			.stream()
			.filter(intent -> intent.intent().recipe().equals("vpc-backup"))
			.toList();

		assertThat(intents).containsExactly(
				new SatisfiedIntent(
						catalog.intent("vpc-backup", Map.of("accountId", ACCOUNT, "enterpriseAccountId", OTHER)),
						Satisfaction.PARTIAL, Arrays.asList(6, null, 0, null, null), 5),
				new SatisfiedIntent(catalog.intent("vpc-backup", Map.of("accountId", ACCOUNT)), Satisfaction.FULL,
						List.of(5, 4, 3, 2), 4));
		assertThat(intents.get(0).presentCount()).isEqualTo(2);
		assertThat(recognition.recognize(unrelated)).isEmpty();
	}

	private List<Recognition> recognized(String recipe, PolicyDocument policy) {
		return recognition.recognize(policy).stream().filter(r -> r.recipe().equals(recipe)).toList();
	}

	private List<PolicyDocument> expand(String recipe, Map<String, String> parameters) {
		return expand(catalog, recipe, parameters);
	}

	private static List<PolicyDocument> expand(RecipeCatalog catalog, String recipe, Map<String, String> parameters) {
		return catalog.expand(catalog.intent(recipe, parameters));
	}

	/** The policy with one resource attribute replaced (by name), or added. */
	private static PolicyDocument withResourceAttribute(PolicyDocument policy, PolicyDocument.Attribute replacement) {
		List<PolicyDocument.Attribute> attributes = new ArrayList<>(policy.resources()
			.get(0)
			.attributes()
			.stream()
			.filter(attribute -> !attribute.name().equals(replacement.name()))
			.toList());
		attributes.add(replacement);
		return new PolicyDocument(policy.type(), policy.subjects(), policy.roles(),
				List.of(new PolicyDocument.Resource(attributes)));
	}

	private static PolicyDocument withRoles(PolicyDocument policy, String... roles) {
		return new PolicyDocument(policy.type(), policy.subjects(),
				Arrays.stream(roles).map(PolicyDocument.Role::new).toList(), policy.resources());
	}

}

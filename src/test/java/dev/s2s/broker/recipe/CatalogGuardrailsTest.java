package dev.s2s.broker.recipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An operator's recipe file is refused at start-up, naming file, recipe, policy and
 * field, when a policy could grant far more than one named service, over attributes IAM
 * does not know, with values a caller could widen to everything, or with roles that let
 * the source administer the target without saying why (issue 19).
 */
class CatalogGuardrailsTest {

	/** One recipe, one policy: its subject, roles and resource, and the file's extras. */
	private static final String RECIPE = """
			formats:
			  team-instance:
			    pattern: "%s"
			    description: an instance
			    example: 3f9a6c1e-2b7d-4e58-9c0a-7d1e5b2f4a68
			%s
			recipes:
			  - name: team-recipe
			    title: A team's recipe
			    description: What the team grants.
			%s
			    parameters:
			      - {name: accountId, format: account-id, required: true, description: The team's account}
			      - {name: instance, format: team-instance, required: true, description: An instance}
			      - {name: svc, format: key-service, required: false, description: A key service}
			    policies:
			      - subject: {accountId: "${accountId}", serviceName: cloud-object-storage}
			        roles: [%s]
			        resource: %s
			""";

	private static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

	private static final String READER = "crn:v1:bluemix:public:iam::::serviceRole:Reader";

	@TempDir
	Path directory;

	@Test
	void acceptsAPolicyToOneNamedServiceOverAttributesIamKnows() throws IOException {
		RecipeCatalog catalog = load(UUID_PATTERN, "", "", READER,
				"{accountId: \"${accountId}\", serviceName: kms, serviceInstance: \"${instance}\", keyRing: default}");

		assertThat(catalog.recipe("team-recipe").builtIn()).isFalse();
		assertThat(catalog.recipe("vpc-backup").builtIn()).isTrue();
	}

	@Test
	void refusesATargetServiceOfAnyOperatorOrWildcard() {
		assertRefused(UUID_PATTERN, "", "", READER,
				"{accountId: \"${accountId}\", serviceName: {operator: stringMatch, value: \"*\"}}",
				"resource.serviceName: takes no operator (stringMatch)");
		assertRefused(UUID_PATTERN, "", "", READER, "{accountId: \"${accountId}\", serviceName: \"*\"}",
				"resource.serviceName: '*' is not one IAM service name");
	}

	@Test
	void refusesATargetWithOnlyAnAccountOrAMisspeltServiceName() {
		assertRefused(UUID_PATTERN, "", "", READER, "{accountId: \"${accountId}\"}",
				"resource.serviceName: is required: an authorization is to one named IAM service");
		assertRefused(UUID_PATTERN, "", "", READER, "{accountId: \"${accountId}\", servicename: kms}",
				"resource.serviceName: is required");
	}

	@Test
	void refusesAServicePlaceholderAnIntentMayLeaveOut() {
		assertRefused(UUID_PATTERN, "", "", READER, "{accountId: \"${accountId}\", serviceName: \"${svc}\"}",
				"resource.serviceName: ${svc} may be left out by an intent");
	}

	@Test
	void refusesAnAttributeIamDoesNotKnowForTheServiceUnlessTheFileDeclaresIt() throws IOException {
		assertRefused(UUID_PATTERN, "", "", READER,
				"{accountId: \"${accountId}\", serviceName: kms, keyRingName: default}",
				"resource.keyRingName: is not an attribute IAM knows for kms");

		RecipeCatalog declared = load(UUID_PATTERN, "attributes:\n  kms: [keyRingName]", "", READER,
				"{accountId: \"${accountId}\", serviceName: kms, keyRingName: default}");
		assertThat(declared.recipe("team-recipe")).isNotNull();
	}

	@Test
	void refusesAFormatThatLetsACallerPassAWildcardForAnExactValue() {
		assertRefused("^.+$", "", "", READER,
				"{accountId: \"${accountId}\", serviceName: kms, serviceInstance: \"${instance}\"}",
				"resource.serviceInstance: ${instance} takes format team-instance, which admits '*'");
	}

	@Test
	void refusesRolesThatLetTheSourceAdministerTheTargetUnlessTheRecipeSaysWhy() throws IOException {
		assertRefused(UUID_PATTERN, "", "", "crn:v1:bluemix:public:iam::::role:Administrator",
				"{accountId: \"${accountId}\", serviceName: is}",
				"roles: crn:v1:bluemix:public:iam::::role:Administrator lets the source administer the target");
		assertRefused(UUID_PATTERN, "", "", "crn:v1:bluemix:public:iam::::role:AuthorizationDelegator",
				"{accountId: \"${accountId}\", serviceName: is}", "lets the source grant the target's access");

		RecipeCatalog broad = load(UUID_PATTERN, "",
				"    broadScope: {reason: The team's automation administers its own VPCs}",
				"crn:v1:bluemix:public:iam::::role:Administrator", "{accountId: \"${accountId}\", serviceName: is}");
		assertThat(broad.recipe("team-recipe").broadScopeReason())
			.isEqualTo("The team's automation administers its own VPCs");
	}

	@Test
	void refusesRolesThatChangeIamIdentitiesOrGroupsUnlessTheRecipeSaysWhy() {
		assertRefused(UUID_PATTERN, "", "", "crn:v1:bluemix:public:iam::::role:Operator",
				"{accountId: \"${accountId}\", serviceName: iam-identity}",
				"roles: crn:v1:bluemix:public:iam::::role:Operator lets the source change IAM identities, groups or access");
		assertRefused(UUID_PATTERN, "", "", "crn:v1:bluemix:public:iam-groups::::serviceRole:MemberManage",
				"{accountId: \"${accountId}\", serviceName: iam-groups}", "lets the source change IAM identities");
		assertRefused(UUID_PATTERN, "", "", "crn:v1:bluemix:public:iam::::serviceRole:Manager",
				"{accountId: \"${accountId}\", serviceName: iam-access-management}",
				"lets the source change IAM identities");
	}

	@Test
	void acceptsReadingRolesOnIamServicesWithoutBroadScope() throws IOException {
		RecipeCatalog catalog = load(UUID_PATTERN, "", "", "crn:v1:bluemix:public:iam::::role:Viewer",
				"{accountId: \"${accountId}\", serviceName: iam-identity}");

		assertThat(catalog.recipe("team-recipe").broadScopeReason()).isNull();
	}

	/**
	 * Every built-in recipe passes the guardrails; only the Secrets Manager IAM
	 * credentials engine carries broadScope, because making service IDs and group
	 * memberships is what it is for (the guardrail above would refuse it otherwise).
	 */
	@Test
	void theBuiltInCatalogCarriesBroadScopeOnlyForTheIamCredentialsEngine() {
		List<Recipe> recipes = new RecipeCatalog().recipes();

		assertThat(recipes).allSatisfy(recipe -> assertThat(recipe.builtIn()).isTrue());
		assertThat(recipes).filteredOn(recipe -> recipe.broadScopeReason() != null)
			.extracting(Recipe::name)
			.containsExactly("secrets-manager-iam-credentials");
	}

	private RecipeCatalog load(String pattern, String extras, String broadScope, String role, String resource)
			throws IOException {
		Path file = Files.writeString(directory.resolve("team.yaml"),
				RECIPE.formatted(pattern, extras, broadScope, role, resource));
		return new RecipeCatalog(new RecipeProperties(List.of("file:" + file)));
	}

	private void assertRefused(String pattern, String extras, String broadScope, String role, String resource,
			String problem) {
		Path file = directory.resolve("team.yaml");
		assertThatExceptionOfType(InvalidRecipeCatalog.class)
			.isThrownBy(() -> load(pattern, extras, broadScope, role, resource))
			.satisfies(refused -> assertThat(refused.problems()).anySatisfy(reported -> assertThat(reported)
				.startsWith(file + ": recipe team-recipe (recipes[0]): policies[0].")
				.contains(problem)));
	}

}

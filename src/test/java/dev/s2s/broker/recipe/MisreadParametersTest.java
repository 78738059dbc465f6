package dev.s2s.broker.recipe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A parameter refuses what IBM's own pages and tools teach people to pass, naming the
 * field and what was meant (issue 23, "Bad input"): a CRN where IAM compares a GUID, an
 * id or a name; a console label where IAM wants a service's name; the misspellings
 * {@code secret-manager} and {@code event-notification}.
 */
class MisreadParametersTest {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	/**
	 * A GUID no example of the catalog uses, so a message can only show it by reading it.
	 */
	private static final String GUID = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";

	private final RecipeCatalog catalog = new RecipeCatalog();

	@Test
	void everyInstanceGuidParameterRefusesAnInstanceCrnNamingTheGuidItHolds() {
		String crn = "crn:v1:bluemix:public:secrets-manager:us-south:a/" + ACCOUNT + ":" + GUID + "::";
		int checked = 0;
		for (Recipe recipe : catalog.recipes()) {
			for (RecipeParameter parameter : recipe.parameters()) {
				if (parameter.format().name().equals("instance-guid")) {
					assertThat(violation(recipe, parameter.name(), crn)).satisfies(v -> {
						assertThat(v.field()).isEqualTo("parameters." + parameter.name());
						assertThat(v.message()).contains("is a CRN", "takes the instance part it names: " + GUID);
					});
					checked++;
				}
			}
		}
		assertThat(checked).isGreaterThan(30);
	}

	@Test
	void aKeyIdRefusesTheKeysCrnNamingTheKeyIdAndABucketItsCrnNamingTheBucket() {
		String keyCrn = "crn:v1:bluemix:public:kms:us-south:a/" + ACCOUNT + ":0e4a33e6-973e-42b6-bea4-ce1b3aebe163:key:"
				+ GUID;
		String bucketCrn = "crn:v1:bluemix:public:cloud-object-storage:global:a/" + ACCOUNT
				+ ":0e4a33e6-973e-42b6-bea4-ce1b3aebe163:bucket:team-logs";

		assertThat(violation(catalog.recipe("cos-encryption"), "keyId", keyCrn).message())
			.contains("takes the resource part it names: " + GUID);
		assertThat(violation(catalog.recipe("cloud-logs-to-cos"), "bucketName", bucketCrn).message())
			.contains("takes the resource part it names: team-logs");
		assertThat(violation(catalog.recipe("cos-encryption"), "cosAccountId", keyCrn).message())
			.contains("takes the account part it names: " + ACCOUNT);
	}

	@Test
	void aBackupVaultRefusesItsCrnNamingTheVaultAndACatalogAnOfferingsCrnNamingTheCatalog() {
		String vaultCrn = "crn:v1:bluemix:public:cloud-object-storage:global:a/" + ACCOUNT + ":" + GUID
				+ ":backup-vault:bucket-backups";
		String offeringCrn = "crn:v1:bluemix:public:globalcatalog-collection:global:a/" + ACCOUNT + ":" + GUID
				+ ":offering:136559f6-4588-4af2-8585-f3c625eee09d";

		assertThat(violation(catalog.recipe("cos-backup-vault"), "vaultName", vaultCrn).message())
			.contains("takes the resource part it names: bucket-backups");
		assertThat(violation(catalog.recipe("cos-backup-vault"), "vaultInstanceId", vaultCrn).message())
			.contains("takes the instance part it names: " + GUID);
		assertThat(violation(catalog.recipe("instance-group-private-catalog"), "catalogId", offeringCrn).message())
			.contains("takes the instance part it names: " + GUID);
	}

	@Test
	void aServiceParameterRefusesAConsoleLabelNamingTheIamName() {
		assertThat(violation(catalog.recipe("cos-encryption"), "keyService", "Key Protect")).satisfies(v -> {
			assertThat(v.field()).isEqualTo("parameters.keyService");
			assertThat(v.message()).contains("'Key Protect' is the console label of kms, the IAM name, which is meant");
		});
		assertThat(violation(catalog.recipe("database-encryption"), "databaseService", "Databases for PostgreSQL")
			.message()).contains("console label of databases-for-postgresql");
		assertThat(violation(catalog.recipe("kubernetes-kms"), "keyService", "IBM Hyper Protect Crypto Services")
			.message()).contains("console label of hs-crypto");
		assertThat(
				violation(catalog.recipe("event-notifications-source"), "sourceService", "Secrets Manager").message())
			.contains("console label of secrets-manager");
		assertThat(violation(catalog.recipe("secrets-manager-encryption"), "keyService", "KMS").message())
			.contains("'KMS' is written kms in IAM, which is meant here");
		assertThat(violation(catalog.recipe("cos-encryption"), "keyService", "Cloud Object Storage").message())
			.contains("console label of cloud-object-storage", "this parameter does not take it");
	}

	@Test
	void aServiceParameterRefusesTheMisspellingsIbmsPagesCarryNamingTheServiceMeant() {
		assertThat(violation(catalog.recipe("event-notifications-source"), "sourceService", "secret-manager"))
			.satisfies(v -> {
				assertThat(v.field()).isEqualTo("parameters.sourceService");
				assertThat(v.message()).contains("'secret-manager' is a misspelling of secrets-manager");
			});
		assertThat(
				violation(catalog.recipe("secrets-manager-service-credentials"), "targetService", "event-notification"))
			.satisfies(v -> {
				assertThat(v.field()).isEqualTo("parameters.targetService");
				assertThat(v.message()).contains("'event-notification' is a misspelling of event-notifications");
			});
	}

	@Test
	void aParameterNamingAnyServiceRefusesAKnownMisspellingThatFitsItsFormat() {
		assertThat(violation(catalog.recipe("vpe-cross-account"), "targetServiceName", "secret-manager").message())
			.contains("misspelling of secrets-manager");
		assertThat(catalog.intent("vpe-cross-account", Map.of("accessorAccountId", ACCOUNT, "targetAccountId", ACCOUNT,
				"targetServiceName", "secrets-manager")))
			.isNotNull();
	}

	@Test
	void saysNothingMoreOfAValueItCannotReadAnyMeaningInto() {
		assertThat(violation(catalog.recipe("cos-encryption"), "keyService", "vault").message())
			.isEqualTo("must be key-service: the key management service's IAM name, kms (Key Protect) or hs-crypto "
					+ "(Hyper Protect Crypto Services), e.g. kms");
	}

	/** The one violation of an intent whose parameters are the examples but one. */
	private FieldViolation violation(Recipe recipe, String name, String value) {
		Map<String, String> parameters = new LinkedHashMap<>();
		recipe.parameters().forEach(p -> parameters.put(p.name(), p.example()));
		parameters.put(name, value);
		InvalidIntent invalid = catchThrowableOfType(InvalidIntent.class,
				() -> catalog.intent(recipe.name(), parameters));
		assertThat(invalid).as("%s refuses %s=%s", recipe.name(), name, value).isNotNull();
		List<FieldViolation> violations = invalid.violations();
		assertThat(violations).hasSize(1);
		return violations.get(0);
	}

}

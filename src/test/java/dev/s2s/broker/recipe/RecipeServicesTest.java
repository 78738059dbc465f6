package dev.s2s.broker.recipe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each recipe names the IAM services it authorizes and authorizes access to, so people
 * find it by the service they look for (issue 23, item 4), by its IAM name.
 */
class RecipeServicesTest {

	private final RecipeCatalog catalog = new RecipeCatalog();

	@Test
	void namesALiteralServiceAndEveryValueOfAParameterThatChoosesAmongServices() {
		Recipe cos = catalog.recipe("cos-encryption");

		assertThat(cos.sourceServices()).containsExactly("cloud-object-storage");
		assertThat(cos.targetServices()).containsExactly("kms", "hs-crypto");
		assertThat(catalog.recipe("database-encryption").sourceServices()).containsExactly("databases-for-postgresql",
				"databases-for-mongodb", "databases-for-mysql", "databases-for-redis", "databases-for-elasticsearch",
				"messages-for-rabbitmq");
	}

	@Test
	void namesTheServicesOfEveryPolicyOnceInTheirOrder() {
		Recipe disks = catalog.recipe("kubernetes-worker-disk-encryption");

		assertThat(disks.sourceServices()).containsExactly("containers-kubernetes", "server-protect");
		assertThat(disks.targetServices()).containsExactly("kms", "hs-crypto");
		assertThat(catalog.recipe("secrets-manager-iam-credentials").targetServices()).containsExactly("iam-identity",
				"iam-groups");
	}

	@Test
	void namesAParameterInWhichTheCallerNamesAnyServiceByItsPlaceholder() {
		Recipe endpoints = catalog.recipe("vpe-cross-account");

		assertThat(endpoints.targetServices()).containsExactly("${targetServiceName}");
		assertThat(endpoints.involves("kms")).isTrue();
		assertThat(endpoints.involves("Key Protect")).isFalse();
	}

	@Test
	void involvesAServiceOnEitherSideOnly() {
		assertThat(catalog.recipe("cos-encryption").involves("cloud-object-storage")).isTrue();
		assertThat(catalog.recipe("cos-encryption").involves("hs-crypto")).isTrue();
		assertThat(catalog.recipe("cos-encryption").involves("kms-")).isFalse();
		assertThat(catalog.recipe("vpc-backup").involves("kms")).isFalse();
		assertThat(catalog.recipe("secrets-manager-service-credentials").involves("messagehub")).isTrue();
		assertThat(catalog.recipes().stream().filter(recipe -> recipe.involves("logs")).map(Recipe::name))
			.contains("activity-tracker-to-cloud-logs", "cloud-logs-to-cos", "logs-routing-to-cloud-logs",
					"cloud-logs-event-notifications", "vpe-cross-account")
			.doesNotContain("cos-encryption");
	}

	@Test
	void aServiceLookedUpByItsConsoleLabelOrAMisspellingIsRefusedNamingTheIamNameMeant() {
		assertThat(catalog.notAServiceName("kms")).isEmpty();
		assertThat(catalog.notAServiceName("Key Protect"))
			.contains("'Key Protect' is the console label of kms, the IAM name, which is meant here");
		assertThat(catalog.notAServiceName("secret-manager").orElseThrow()).contains("misspelling of secrets-manager");
		assertThat(catalog.notAServiceName("Event Streams").orElseThrow()).contains("console label of messagehub");
		assertThat(catalog.notAServiceName("Code Engine").orElseThrow()).contains("console label of codeengine");
	}

	@Test
	void listsTheValuesOfAFormatOnlyWhenItsPatternListsThem() {
		assertThat(new ParameterFormat("a", "^(kms|hs-crypto)$", "d", "kms").values()).containsExactly("kms",
				"hs-crypto");
		assertThat(new ParameterFormat("b", "^true$", "d", "true").values()).containsExactly("true");
		assertThat(new ParameterFormat("c", "^kms|hs-crypto$", "d", "kms").values()).isEmpty();
		assertThat(new ParameterFormat("d", "^[a-z]+$", "d", "kms").values()).isEmpty();
	}

}

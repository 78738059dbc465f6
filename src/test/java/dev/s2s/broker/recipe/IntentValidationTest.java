package dev.s2s.broker.recipe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IntentValidationTest {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String VPC = "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c";

	private final RecipeCatalog catalog = new RecipeCatalog();

	@Test
	void acceptsAnIntentThatFitsItsRecipe() {
		Intent intent = catalog.intent("vpc-backup", Map.of("accountId", ACCOUNT));

		assertThat(intent).isEqualTo(new Intent("vpc-backup", Map.of("accountId", ACCOUNT)));
	}

	@Test
	void refusesAnUnknownRecipeNamingTheField() {
		assertThat(violations(null, Map.of())).extracting(FieldViolation::field).containsExactly("recipe");
		assertThat(violations("vpc-backups", Map.of())).singleElement().satisfies(v -> {
			assertThat(v.field()).isEqualTo("recipe");
			assertThat(v.message()).contains("vpc-backup", "vpe-dns-sharing");
		});
	}

	@Test
	void namesEveryMissingMalformedMistypedAndUnexpectedParameter() {
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("spokeAccountId", ACCOUNT.toUpperCase());
		parameters.put("spokeVpcId", 42);
		parameters.put("hubVpcId", "vpc-1234");
		parameters.put("region", "us-south");

		assertThat(violations("vpe-dns-sharing", parameters)).extracting(FieldViolation::field)
			.containsExactlyInAnyOrder("parameters.spokeAccountId", "parameters.spokeVpcId", "parameters.hubAccountId",
					"parameters.hubVpcId", "parameters.region");
	}

	@Test
	void explainsTheExpectedFormatWithAnExample() {
		assertThat(violations("vpc-backup", Map.of("accountId", "12345"))).singleElement()
			.satisfies(v -> assertThat(v.message()).contains("account-id", "32 lowercase hexadecimal", ACCOUNT));
	}

	@Test
	void explainsTheExpectedFormatWithTheParametersOwnExampleWhereItHasOne() {
		assertThat(violations("vpe-dns-sharing",
				Map.of("spokeAccountId", ACCOUNT, "hubAccountId", ACCOUNT, "hubVpcId", "vpc-1234")))
			.singleElement()
			.satisfies(
					v -> assertThat(v.message()).contains("vpc-id", "e.g. r006-7c1e5b0a-3d92-4f6e-a8b4-91c2d7e05f38"));
	}

	@Test
	void refusesAnInstanceCrnWhereIamWantsTheGuidSayingSo() {
		String crn = "crn:v1:bluemix:public:cloud-object-storage:global:a/" + ACCOUNT
				+ ":5b1c7e0d-2f3a-4c6b-9d8e-7a6f5e4d3c2b::";

		assertThat(violations("flow-logs-to-cos", Map.of("accountId", ACCOUNT, "cosInstanceId", crn))).singleElement()
			.satisfies(v -> {
				assertThat(v.field()).isEqualTo("parameters.cosInstanceId");
				// A GUID other than the format's example: the message names the one the
				// CRN holds.
				assertThat(v.message()).contains("instance-guid", "the instance GUID, not its CRN",
						"5b1c7e0d-2f3a-4c6b-9d8e-7a6f5e4d3c2b");
			});
	}

	@Test
	void acceptsVpcIdsOfAnyRegionPrefix() {
		for (String vpc : List.of(VPC, "r134-00000000-0000-4000-8000-000000000000")) {
			assertThat(catalog.intent("vpe-dns-sharing",
					Map.of("spokeAccountId", ACCOUNT, "hubAccountId", ACCOUNT, "hubVpcId", vpc)))
				.isNotNull();
		}
		assertThat(violations("vpe-dns-sharing",
				Map.of("spokeAccountId", ACCOUNT, "hubAccountId", ACCOUNT, "hubVpcId",
						"r6-fd189c4f-52a0-4694-abfd-186cb6011a3c")))
			.extracting(FieldViolation::field)
			.containsExactly("parameters.hubVpcId");
	}

	@Test
	void sayHowToReachAnUnknownRecipeAsNotFound() {
		assertThatThrownBy(() -> catalog.recipe("nope")).isInstanceOf(RecipeNotFound.class)
			.hasMessageContaining("nope");
	}

	@Test
	void shortcutsNameParametersAtTheTopLevel() {
		InvalidIntent invalid = catchThrowableOfType(InvalidIntent.class,
				() -> catalog.intent("vpc-backup", Map.of("accountId", "x")));

		assertThat(invalid.withParametersAtTopLevel().violations()).extracting(FieldViolation::field)
			.containsExactly("accountId");
	}

	private List<FieldViolation> violations(String recipe, Map<String, ?> parameters) {
		InvalidIntent invalid = catchThrowableOfType(InvalidIntent.class, () -> catalog.intent(recipe, parameters));
		assertThat(invalid).as("refused").isNotNull();
		return invalid.violations();
	}

}

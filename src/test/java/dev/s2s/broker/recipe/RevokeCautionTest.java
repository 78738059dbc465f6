package dev.s2s.broker.recipe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recipe whose revoke can break what depends on it says so (issue 23, item 2): IBM
 * documents that removing a key management authorization before the resources its keys
 * protect are gone blocks key deregistration and their deletion.
 */
class RevokeCautionTest {

	private final RecipeCatalog catalog = new RecipeCatalog();

	@Test
	void everyBuiltInRecipeThatAuthorizesAccessToKeysCarriesARevokeCaution() {
		assertThat(catalog.recipes())
			.filteredOn(
					recipe -> recipe.targetServices().contains("kms") || recipe.targetServices().contains("hs-crypto"))
			.hasSizeGreaterThanOrEqualTo(8)
			.allSatisfy(recipe -> assertThat(recipe.revokeCaution()).as(recipe.name()).containsIgnoringCase("key"));
	}

	@Test
	void aRecipeWithoutDependentsCarriesNone() {
		assertThat(catalog.recipe("vpc-backup").revokeCaution()).isNull();
		assertThat(catalog.recipe("event-notifications-source").revokeCaution()).contains("unregister");
	}

}

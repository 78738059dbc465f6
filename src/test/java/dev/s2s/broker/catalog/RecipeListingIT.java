package dev.s2s.broker.catalog;

import dev.s2s.broker.BrokerIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /v1/recipes names each recipe's source and target services and finds recipes by the
 * service people look for (issue 23, item 4).
 */
class RecipeListingIT extends BrokerIT {

	@Test
	void namesEachRecipesSourceAndTargetServices() {
		Answer recipes = get("/v1/recipes");

		assertThat(recipes.status()).isEqualTo(200);
		JsonNode cos = recipes.body()
			.valueStream()
			.filter(recipe -> recipe.path("name").asString().equals("cos-encryption"))
			.findFirst()
			.orElseThrow();
		assertThat(cos.path("sourceServices").valueStream().map(JsonNode::asString))
			.containsExactly("cloud-object-storage");
		assertThat(cos.path("targetServices").valueStream().map(JsonNode::asString)).containsExactly("kms",
				"hs-crypto");
	}

	@Test
	void findsTheRecipesThatCanNameAServiceOnEitherSide() {
		Answer kms = get("/v1/recipes?service=kms");
		Answer logs = get("/v1/recipes?service=logs");

		assertThat(kms.status()).isEqualTo(200);
		assertThat(kms.body().valueStream().map(recipe -> recipe.path("name").asString()))
			.contains("block-volume-encryption", "cos-encryption", "kubernetes-worker-disk-encryption",
					"database-encryption", "vpe-cross-account")
			.doesNotContain("vpc-backup", "activity-tracker-to-cos");
		assertThat(logs.body().valueStream().map(recipe -> recipe.path("name").asString()))
			.contains("activity-tracker-to-cloud-logs", "logs-routing-to-cloud-logs", "cloud-logs-to-cos")
			.doesNotContain("cos-encryption");
		assertThat(get("/v1/recipes?service=no-such-service").body()
			.valueStream()
			.map(recipe -> recipe.path("name").asString())).containsExactly("vpe-cross-account");
	}

	@Test
	void refusesAServiceGivenByItsConsoleLabelNamingTheIamNameMeant() {
		Answer label = get("/v1/recipes?service=Key%20Protect");

		assertThat(label.status()).isEqualTo(400);
		assertThat(label.body().path("detail").asString()).as("a query parameter, not an intent")
			.isEqualTo("The request is not valid");
		assertThat(label.body().path("errors").path(0).path("field").asString()).isEqualTo("service");
		assertThat(label.body().path("errors").path(0).path("message").asString()).contains("console label of kms");
	}

}

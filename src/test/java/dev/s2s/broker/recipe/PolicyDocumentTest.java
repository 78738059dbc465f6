package dev.s2s.broker.recipe;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A policy document's description, within IAM's limits ({@code PolicyBase}). */
class PolicyDocumentTest {

	private final JsonMapper json = JsonMapper.builder().build();

	private final PolicyDocument expanded = new RecipeCatalog()
		.expand(new RecipeCatalog().intent("vpc-backup", Map.of("accountId", "0123456789abcdef0123456789abcdef")))
		.get(0);

	@Test
	void anExpansionHasNoDescriptionAndItsJsonNoSuchField() {
		assertThat(expanded.description()).isNull();
		assertThat(json.valueToTree(expanded).has("description")).isFalse();
	}

	@Test
	void aDescribedDocumentIsTheSamePolicyWithTheDescriptionInItsJson() {
		PolicyDocument described = expanded.describedAs("s2s-broker grant 1 policy 0");

		JsonNode body = json.valueToTree(described);

		assertThat(body.path("description").asString()).isEqualTo("s2s-broker grant 1 policy 0");
		assertThat(List.of(described.type(), described.subjects(), described.roles(), described.resources()))
			.isEqualTo(List.of(expanded.type(), expanded.subjects(), expanded.roles(), expanded.resources()));
		assertThat(json.treeToValue(body, PolicyDocument.class)).isEqualTo(described);
	}

	@Test
	void refusesDescriptionsIamWouldRefuse() {
		assertThat(expanded.describedAs("x".repeat(300)).description()).hasSize(300);
		assertThatIllegalArgumentException().isThrownBy(() -> expanded.describedAs(""));
		assertThatIllegalArgumentException().isThrownBy(() -> expanded.describedAs("x".repeat(301)));
	}

}

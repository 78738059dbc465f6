package dev.s2s.broker.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.examples.Example;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SharedProblemExamplesTest {

	private static final Example GRANT_STATE = new Example().summary("grant state");

	private static final Example GRANT_NOT_FOUND = new Example().summary("grant not found");

	@Test
	void anOperationShowsItsFeaturesExamplesFirstAndTheSharedOnesNoneOfThemReplaces() {
		ProblemExamples grants = (method, path, status) -> switch (status) {
			case "404" -> Map.of("not-found", GRANT_NOT_FOUND);
			case "409" -> Map.of("grant-state", GRANT_STATE);
			default -> Map.of();
		};

		Map<String, Example> conflicts = SharedProblemExamples.of(HttpMethod.POST, "/v1/grants/{id}/retry", "409",
				List.of(grants));
		Map<String, Example> missing = SharedProblemExamples.of(HttpMethod.POST, "/v1/grants/{id}/retry", "404",
				List.of(grants));

		assertThat(conflicts).containsOnlyKeys("grant-state", "idempotency-key-in-flight");
		assertThat(conflicts.keySet()).first().isEqualTo("grant-state");
		assertThat(missing).containsExactly(Map.entry("not-found", GRANT_NOT_FOUND));
	}

	@Test
	void anOperationNoFeatureSpeaksForShowsTheSharedExamples() {
		Map<String, Example> examples = SharedProblemExamples.of(HttpMethod.GET, "/v1/things/{id}", "404", List.of());

		assertThat(examples).containsOnlyKeys("not-found");
		assertThat(examples.get("not-found").getValue())
			.isEqualTo(Map.of("type", "urn:s2s-broker:problem:not-found", "title", "Not found", "status", 404, "detail",
					"There is no such resource", "instance", "/v1/things/" + ProblemExample.GRANT));
	}

	@Test
	void twoFeaturesShowingAnExampleOfTheSameNameIsAMistake() {
		ProblemExamples one = (method, path, status) -> Map.of("grant-state", GRANT_STATE);
		ProblemExamples other = (method, path, status) -> Map.of("grant-state", GRANT_STATE);

		assertThatIllegalStateException().isThrownBy(
				() -> SharedProblemExamples.of(HttpMethod.POST, "/v1/grants/{id}/retry", "409", List.of(one, other)))
			.withMessageContaining("grant-state");
	}

}

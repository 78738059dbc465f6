package dev.s2s.broker.web;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.s2s.broker.refusal.FieldAtFault;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

	@Test
	void anInvalidRequestListsTheFirstHundredFieldsAtFaultAndCountsTheRest() {
		List<FieldAtFault> errors = IntStream.range(0, 51_000)
			.mapToObj(i -> new FieldAtFault("intents[" + i + "].recipe", "is required"))
			.toList();

		ProblemDetail problem = Problems.invalid("The intent does not fit the recipe catalog", errors);

		assertThat((List<?>) problem.getProperties().get("errors")).hasSize(100)
			.first()
			.isEqualTo(Map.of("field", "intents[0].recipe", "message", "is required"));
		assertThat(problem.getProperties()).containsEntry("moreErrors", 50_900);
		assertThat(problem.getDetail()).isEqualTo(
				"The intent does not fit the recipe catalog (the first 100 of 51000 fields at fault are listed)");
	}

	@Test
	void anInvalidRequestWithAHundredFieldsAtFaultListsThemAll() {
		List<FieldAtFault> errors = IntStream.range(0, 100)
			.mapToObj(i -> new FieldAtFault("field" + i, "is required"))
			.toList();

		ProblemDetail problem = Problems.invalid("The request is not valid", errors);

		assertThat((List<?>) problem.getProperties().get("errors")).hasSize(100);
		assertThat(problem.getProperties()).doesNotContainKey("moreErrors");
		assertThat(problem.getDetail()).isEqualTo("The request is not valid");
	}

}

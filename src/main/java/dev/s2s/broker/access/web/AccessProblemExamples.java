package dev.s2s.broker.access.web;

import java.util.Map;

import dev.s2s.broker.web.ProblemExample;
import dev.s2s.broker.web.ProblemExamples;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.examples.Example;

import org.springframework.stereotype.Component;

import static dev.s2s.broker.web.ProblemExamples.named;

/**
 * What the audit trail refuses in its own words: a time not in its format, and a read the
 * access rules refuse.
 */
@Component
class AccessProblemExamples implements ProblemExamples {

	@Override
	public Map<String, Example> of(HttpMethod method, String path, String status) {
		if (!path.equals("/v1/audit-events")) {
			return Map.of();
		}
		return switch (status) {
			case "400" -> named("invalid-request",
					ProblemExample.invalidQueryParameter(path, "from", "must be a valid OffsetDateTime"));
			case "403" ->
				named("forbidden", ProblemExample.forbidden("read on accounts [" + ProblemExample.ACCOUNT + "]", path));
			default -> Map.of();
		};
	}

}

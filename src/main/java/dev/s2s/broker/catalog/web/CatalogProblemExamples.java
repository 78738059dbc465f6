package dev.s2s.broker.catalog.web;

import java.util.Map;

import dev.s2s.broker.recipe.web.RecipeProblemExamples;
import dev.s2s.broker.web.ProblemExample;
import dev.s2s.broker.web.ProblemExamples;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.examples.Example;

import org.springframework.stereotype.Component;

import static dev.s2s.broker.web.ProblemExamples.named;

/**
 * What the recipes and plans API refuses in its own words: an intent that does not fit
 * the catalog, a recipe it does not hold, a recipe name the web server refuses to read,
 * and a plan the access rules refuse. Reading recipes is refused as every read is.
 */
@Component
class CatalogProblemExamples implements ProblemExamples {

	@Override
	public Map<String, Example> of(HttpMethod method, String path, String status) {
		String instance = ProblemExample.instanceOf(path);
		if (path.equals("/v1/plans")) {
			return switch (status) {
				case "400" -> named("invalid-request",
						RecipeProblemExamples.invalidIntent("An intent that does not fit the catalog", instance,
								"parameters.accountId", RecipeProblemExamples.ACCOUNT_ID_FORMAT));
				case "403" -> named("forbidden", ProblemExample
					.forbidden("plan with recipe vpc-backup on accounts [" + ProblemExample.ACCOUNT + "]", instance));
				default -> Map.of();
			};
		}
		if (path.startsWith("/v1/recipes")) {
			return switch (status) {
				case "400" -> named("invalid-request",
						ProblemExample.invalidRequest("The request path is not acceptable")
							.field("path")
							.summarized("A path the web server refuses to read, e.g. one with an encoded slash (%2F)"));
				case "404" -> named("not-found", RecipeProblemExamples.recipeNotFound("vpc-backups",
						instance.replace("vpc-backup", "vpc-backups")));
				default -> Map.of();
			};
		}
		return Map.of();
	}

}

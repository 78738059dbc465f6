package dev.s2s.broker.recipe.web;

import dev.s2s.broker.web.ProblemExample;
import io.swagger.v3.oas.models.examples.Example;

/**
 * The catalog's refusals as {@link RecipeProblems} answers them, for the problem examples
 * of the operations that check an intent or read a recipe (grants, batches, plans,
 * recipes).
 */
public final class RecipeProblemExamples {

	/** How the catalog refuses an account id not in its format. */
	public static final String ACCOUNT_ID_FORMAT = "must be account-id: IBM Cloud account id, 32 lowercase "
			+ "hexadecimal characters, e.g. " + ProblemExample.ACCOUNT;

	private RecipeProblemExamples() {
	}

	/**
	 * The 400 of an intent that does not fit the catalog, with its fields at fault as
	 * field, message, field, message…
	 */
	public static Example invalidIntent(String summary, String instance, String... fieldsAndMessages) {
		ProblemExample problem = ProblemExample.invalidRequest("The intent does not fit the recipe catalog")
			.at(instance);
		for (int i = 0; i < fieldsAndMessages.length; i += 2) {
			problem.field(fieldsAndMessages[i], fieldsAndMessages[i + 1]);
		}
		return problem.summarized(summary);
	}

	/** The 404 of a recipe {@code name} the catalog does not hold. */
	public static Example recipeNotFound(String name, String instance) {
		return ProblemExample.of("recipe-not-found", "Recipe not found", 404, "No recipe named '" + name + "'")
			.at(instance)
			.summarized("No recipe of this name");
	}

}

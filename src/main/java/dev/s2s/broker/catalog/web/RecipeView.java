package dev.s2s.broker.catalog.web;

import java.util.List;

import dev.s2s.broker.recipe.Recipe;
import dev.s2s.broker.recipe.RecipeParameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

@Schema(name = "Recipe", description = "A kind of intent the broker understands")
record RecipeView(String name, String title, String description,
		@Schema(description = "The IBM Cloud documentation page the recipe follows") @Nullable String docs,
		List<ParameterView> parameters) {

	static RecipeView of(Recipe recipe) {
		return new RecipeView(recipe.name(), recipe.title(), recipe.description(), recipe.docs(),
				recipe.parameters().stream().map(ParameterView::of).toList());
	}

	@Schema(name = "RecipeParameter", description = "A parameter of a recipe and the format its value must have")
	record ParameterView(String name, boolean required, String description,
			@Schema(description = "Name of the format, e.g. account-id") String format,
			@Schema(description = "Regular expression a value must match") String pattern,
			@Schema(description = "What the format means") String formatDescription,
			@Schema(description = "A value in this format") String example) {

		static ParameterView of(RecipeParameter parameter) {
			return new ParameterView(parameter.name(), parameter.required(), parameter.description(),
					parameter.format().name(), parameter.format().pattern(), parameter.format().description(),
					parameter.format().example());
		}

	}

}

package dev.s2s.broker.catalog.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.recipe.Recipe;
import dev.s2s.broker.recipe.RecipeParameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

@Schema(name = "Recipe", description = "A kind of intent the broker understands")
record RecipeView(String name, String title, String description,
		@Schema(description = "The IBM Cloud documentation page the recipe follows") @Nullable String docs,
		List<ParameterView> parameters,
		@Schema(description = "The parameters as a JSON Schema (draft 2020-12) object, for a portal to render a form "
				+ "from: each a string with its pattern, description and an example; it accepts exactly the parameters "
				+ "the broker accepts",
				example = "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\", "
						+ "\"properties\": {\"accountId\": {\"type\": \"string\", \"pattern\": \"^[0-9a-f]{32}$\", "
						+ "\"description\": \"The account whose volumes and instances are backed up (account-id: IBM "
						+ "Cloud account id, 32 lowercase hexadecimal characters)\", \"examples\": [\"0123456789abcdef0123456789abcdef\"]}}, "
						+ "\"required\": [\"accountId\"], \"additionalProperties\": false}") Map<String, Object> parametersSchema) {

	static RecipeView of(Recipe recipe) {
		return new RecipeView(recipe.name(), recipe.title(), recipe.description(), recipe.docs(),
				recipe.parameters().stream().map(ParameterView::of).toList(), parametersSchema(recipe));
	}

	/**
	 * A JSON Schema of an intent's {@code parameters}: the broker refuses a value
	 * missing, not a string, off its format's pattern, or not a parameter at all.
	 */
	static Map<String, Object> parametersSchema(Recipe recipe) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (RecipeParameter parameter : recipe.parameters()) {
			Map<String, Object> property = new LinkedHashMap<>();
			property.put("type", "string");
			property.put("pattern", parameter.format().wholeValuePattern());
			property.put("description", parameter.description() + " (" + parameter.format().name() + ": "
					+ parameter.format().description() + ")");
			if (parameter.example() != null) {
				property.put("examples", List.of(parameter.example()));
			}
			properties.put(parameter.name(), property);
		}
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
		schema.put("type", "object");
		schema.put("properties", properties);
		schema.put("required",
				recipe.parameters().stream().filter(RecipeParameter::required).map(RecipeParameter::name).toList());
		schema.put("additionalProperties", false);
		return schema;
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
					parameter.example());
		}

	}

}

package dev.s2s.broker.recipe;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Recipes an operator adds to the built-in catalog without a release.
 *
 * @param locations catalog files in the built-in format, loaded after the built-in
 * catalog in this order: {@code file:/etc/s2s-broker/recipes/team.yaml},
 * {@code classpath:team.yaml}, or a plain path (a file). Each may use the built-in
 * formats besides its own. A file that is missing or invalid, or a recipe or format name
 * defined twice, stops start-up
 */
@ConfigurationProperties("broker.recipes")
public record RecipeProperties(@DefaultValue List<String> locations) {

	public RecipeProperties {
		if (locations.stream().anyMatch(location -> location == null || location.isBlank())) {
			throw new IllegalArgumentException("broker.recipes.locations has a blank entry: " + locations);
		}
		locations = List.copyOf(locations);
	}

}

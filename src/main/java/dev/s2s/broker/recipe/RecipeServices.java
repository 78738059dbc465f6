package dev.s2s.broker.recipe;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * The IAM services a recipe's policies name on one side, as the catalog lists them
 * ({@link Recipe#sourceServices()}, {@link Recipe#targetServices()}): so that people find
 * a recipe by the service they look for (GET /v1/recipes?service=kms, issue 23).
 */
final class RecipeServices {

	private RecipeServices() {
	}

	static List<String> sources(Recipe recipe, List<PolicyTemplate> policies) {
		return named(recipe, policies, PolicyTemplate::subject);
	}

	static List<String> targets(Recipe recipe, List<PolicyTemplate> policies) {
		return named(recipe, policies, PolicyTemplate::resource);
	}

	/**
	 * Each side's {@code serviceName}: a literal as it is; a placeholder as the values
	 * its parameter's format lists, or as itself ({@code ${p}}) when the format admits
	 * any service.
	 */
	private static List<String> named(Recipe recipe, List<PolicyTemplate> policies,
			Function<PolicyTemplate, Map<String, PolicyTemplate.AttributeTemplate>> side) {
		Set<String> services = new LinkedHashSet<>();
		for (PolicyTemplate policy : policies) {
			PolicyTemplate.AttributeTemplate service = side.apply(policy).get("serviceName");
			if (service == null) {
				continue;
			}
			Matcher placeholder = PolicyTemplate.PLACEHOLDER.matcher(service.value());
			if (!placeholder.matches() || placeholder.group(2) != null) {
				services.add(service.value());
				continue;
			}
			List<String> values = recipe.parameter(placeholder.group(1))
				.map(parameter -> parameter.format().values())
				.orElse(List.of());
			services.addAll(values.isEmpty() ? List.of("${" + placeholder.group(1) + "}") : values);
		}
		return List.copyOf(services);
	}

}

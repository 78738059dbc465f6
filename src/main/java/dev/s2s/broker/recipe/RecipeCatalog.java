package dev.s2s.broker.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The catalog of recipes, read from {@code recipes.yaml} in the jar. It checks intents
 * against their recipe and expands them into policy documents. Expansion is a pure
 * function: the same intent always gives the same documents in the same order.
 */
@Component
public class RecipeCatalog {

	static final String RESOURCE = "recipes.yaml";

	private final Map<String, Recipe> recipes = new LinkedHashMap<>();

	private final Map<String, List<PolicyTemplate>> policies = new LinkedHashMap<>();

	public RecipeCatalog() {
		this(new ClassPathResource(RESOURCE));
	}

	RecipeCatalog(ClassPathResource resource) {
		try (InputStream in = resource.getInputStream()) {
			load(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the recipe catalog " + resource, ex);
		}
	}

	public List<Recipe> recipes() {
		return List.copyOf(recipes.values());
	}

	public Recipe recipe(String name) {
		Recipe recipe = name == null ? null : recipes.get(name);
		if (recipe == null) {
			throw new RecipeNotFound(name);
		}
		return recipe;
	}

	/**
	 * Checks a request against the catalog and turns it into an intent.
	 * @throws InvalidIntent naming every field at fault: an unknown recipe, and each
	 * missing, malformed, mistyped or unexpected parameter
	 */
	public Intent intent(String recipeName, Map<String, ?> parameters) {
		if (recipeName == null || recipeName.isBlank()) {
			throw new InvalidIntent(List.of(new FieldViolation("recipe", "is required; one of " + recipes.keySet())));
		}
		Recipe recipe = recipes.get(recipeName);
		if (recipe == null) {
			throw new InvalidIntent(List.of(new FieldViolation("recipe",
					"unknown recipe '" + abbreviate(recipeName) + "'; one of " + recipes.keySet())));
		}
		Map<String, ?> given = parameters == null ? Map.of() : parameters;
		List<FieldViolation> violations = new ArrayList<>();
		Map<String, String> values = new LinkedHashMap<>();
		for (RecipeParameter parameter : recipe.parameters()) {
			String field = "parameters." + parameter.name();
			Object value = given.get(parameter.name());
			if (value == null) {
				if (parameter.required()) {
					violations.add(new FieldViolation(field, "is required"));
				}
			}
			else if (!(value instanceof String text)) {
				violations
					.add(new FieldViolation(field, "must be a string (" + parameter.format().description() + ")"));
			}
			else if (!parameter.format().matches(text)) {
				violations.add(new FieldViolation(field, "must be " + parameter.format().name() + ": "
						+ parameter.format().description() + ", e.g. " + parameter.format().example()));
			}
			else {
				values.put(parameter.name(), text);
			}
		}
		for (String name : given.keySet()) {
			if (recipe.parameter(name).isEmpty()) {
				violations.add(new FieldViolation("parameters." + abbreviate(name),
						"is not a parameter of recipe " + recipe.name() + "; expected "
								+ recipe.parameters().stream().map(RecipeParameter::name).toList()));
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidIntent(violations);
		}
		return new Intent(recipe.name(), values);
	}

	/** The policy documents an intent expands to, in the recipe's order. */
	public List<PolicyDocument> expand(Intent intent) {
		return policies.get(recipe(intent.recipe()).name())
			.stream()
			.filter(template -> template.appliesTo(intent.parameters()))
			.map(template -> template.expand(intent.parameters()))
			.toList();
	}

	/** The IBM Cloud accounts an intent names, source or target. */
	public Set<String> accounts(Intent intent) {
		Set<String> accounts = new LinkedHashSet<>();
		for (RecipeParameter parameter : recipe(intent.recipe()).parameters()) {
			String value = intent.parameters().get(parameter.name());
			if (value != null && parameter.format().name().equals("account-id")) {
				accounts.add(value);
			}
		}
		return accounts;
	}

	private static String abbreviate(String text) {
		return text.length() <= 64 ? text : text.substring(0, 64) + "…";
	}

	@SuppressWarnings("unchecked")
	private void load(Object yaml) {
		Map<String, Object> root = (Map<String, Object>) yaml;
		Map<String, ParameterFormat> formats = new LinkedHashMap<>();
		((Map<String, Map<String, String>>) root.get("formats")).forEach((name, format) -> formats.put(name,
				new ParameterFormat(name, format.get("pattern"), format.get("description"), format.get("example"))));
		List<String> problems = new ArrayList<>();
		for (Map<String, Object> entry : (List<Map<String, Object>>) root.get("recipes")) {
			String name = (String) entry.get("name");
			List<RecipeParameter> parameters = new ArrayList<>();
			for (Map<String, Object> parameter : (List<Map<String, Object>>) entry.get("parameters")) {
				ParameterFormat format = formats.get((String) parameter.get("format"));
				if (format == null) {
					problems.add("recipe " + name + ": parameter " + parameter.get("name") + ": unknown format "
							+ parameter.get("format"));
					continue;
				}
				parameters.add(new RecipeParameter((String) parameter.get("name"), format,
						Boolean.TRUE.equals(parameter.get("required")), (String) parameter.get("description")));
			}
			Recipe recipe = new Recipe(name, (String) entry.get("title"), (String) entry.get("description"),
					(String) entry.get("docs"), parameters);
			List<PolicyTemplate> templates = new ArrayList<>();
			List<Map<String, Object>> policyEntries = (List<Map<String, Object>>) entry.get("policies");
			for (int i = 0; i < policyEntries.size(); i++) {
				Map<String, Object> policy = policyEntries.get(i);
				PolicyTemplate template = new PolicyTemplate(condition(policy),
						attributes((Map<String, Object>) policy.get("subject")), roles(policy.get("roles")),
						attributes((Map<String, Object>) policy.get("resource")));
				String field = "recipe " + name + ": policies[" + i + "]";
				template.problems().forEach(problem -> problems.add(field + "." + problem));
				for (String referenced : template.referencedParameters()) {
					if (recipe.parameter(referenced).isEmpty()) {
						problems.add(field + ": refers to unknown parameter " + referenced);
					}
				}
				templates.add(template);
			}
			if (recipes.put(name, recipe) != null) {
				problems.add("recipe " + name + ": is defined twice");
			}
			policies.put(name, List.copyOf(templates));
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("The recipe catalog is not valid: " + String.join("; ", problems));
		}
	}

	private static PolicyTemplate.Condition condition(Map<String, Object> entry) {
		return new PolicyTemplate.Condition((String) entry.get("when"), (String) entry.get("unless"));
	}

	/**
	 * Attributes in the catalog: {@code name: value} (stringEquals), or {@code name:
	 * {operator: …, value: …}}.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, PolicyTemplate.AttributeTemplate> attributes(Map<String, Object> entries) {
		Map<String, PolicyTemplate.AttributeTemplate> attributes = new LinkedHashMap<>();
		if (entries == null) {
			return attributes;
		}
		entries.forEach((name, value) -> {
			if (value instanceof Map<?, ?> withOperator) {
				Map<String, Object> map = (Map<String, Object>) withOperator;
				attributes.put(name, new PolicyTemplate.AttributeTemplate(String.valueOf(map.get("value")),
						(String) map.get("operator")));
			}
			else {
				attributes.put(name, new PolicyTemplate.AttributeTemplate(String.valueOf(value), null));
			}
		});
		return attributes;
	}

	/** Roles in the catalog: a role CRN, or {@code {crn: …, when: …, unless: …}}. */
	@SuppressWarnings("unchecked")
	private static List<PolicyTemplate.RoleTemplate> roles(Object entries) {
		List<PolicyTemplate.RoleTemplate> roles = new ArrayList<>();
		if (entries instanceof List<?> list) {
			for (Object entry : list) {
				if (entry instanceof Map<?, ?> map) {
					Map<String, Object> role = (Map<String, Object>) map;
					roles.add(new PolicyTemplate.RoleTemplate(String.valueOf(role.get("crn")), condition(role)));
				}
				else {
					roles.add(new PolicyTemplate.RoleTemplate(String.valueOf(entry), PolicyTemplate.Condition.ALWAYS));
				}
			}
		}
		return roles;
	}

}

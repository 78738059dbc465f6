package dev.s2s.broker.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.Resource;

/**
 * Loads catalog files, in order, into recipes and their policy templates. The first is
 * the built-in one, whose formats the others may use; recipe and format names are unique
 * across all. Every file is checked against {@code recipes.schema.json} first, then for
 * what a schema cannot say: the formats and parameters a recipe refers to exist, its
 * accounts are account-id parameters ({@link AccountPlaceholders}), IAM would take its
 * policies ({@link PolicyTemplate#problems()}, {@link CatalogGuardrails}), and its name
 * is new.
 */
final class CatalogLoader {

	private static final CatalogSchema schema = new CatalogSchema();

	private final Map<String, Recipe> recipes = new LinkedHashMap<>();

	private final Map<String, List<PolicyTemplate>> policies = new LinkedHashMap<>();

	/** The file that defined each format name. */
	private final Map<String, String> formatFiles = new LinkedHashMap<>();

	/** The IAM service names described, with their labels and misspellings. */
	private final Map<String, ServiceName> services = new LinkedHashMap<>();

	/** The file that described each service name. */
	private final Map<String, String> serviceFiles = new LinkedHashMap<>();

	/** The file that defined each recipe name. */
	private final Map<String, String> recipeFiles = new LinkedHashMap<>();

	private final List<String> problems = new ArrayList<>();

	private CatalogLoader() {
	}

	/**
	 * The recipes of the catalog files, in order, and each one's policy templates.
	 * @throws InvalidRecipeCatalog naming file, recipe and field of every fault
	 */
	static Loaded load(List<Resource> catalogs) {
		CatalogLoader loader = new CatalogLoader();
		Map<String, ParameterFormat> builtInFormats = Map.of();
		for (int c = 0; c < catalogs.size(); c++) {
			Map<String, ParameterFormat> own = loader.file(catalogs.get(c), builtInFormats);
			if (c == 0 && own != null) {
				builtInFormats = own;
			}
		}
		if (!loader.problems.isEmpty()) {
			throw new InvalidRecipeCatalog(loader.problems);
		}
		return new Loaded(loader.recipes, loader.policies, loader.services);
	}

	/**
	 * The recipes by name, their policy templates by recipe name, in order, and the
	 * service names the files describe.
	 */
	record Loaded(Map<String, Recipe> recipes, Map<String, List<PolicyTemplate>> policies,
			Map<String, ServiceName> services) {
	}

	/**
	 * What a file gives its recipes: the formats they may use, the attribute names it
	 * declares per service, whether it is the built-in catalog.
	 */
	private record FileContext(Map<String, ParameterFormat> formats, Map<String, Set<String>> attributes,
			boolean builtIn) {
	}

	/** Loads one file; its own formats, or null when it did not meet the schema. */
	private @Nullable Map<String, ParameterFormat> file(Resource catalog, Map<String, ParameterFormat> builtInFormats) {
		String file = CatalogFiles.describe(catalog);
		JsonNode root = CatalogFiles.read(catalog, file, problems);
		if (root == null) {
			return null;
		}
		List<String> faults = schema.problems(root);
		if (!faults.isEmpty()) {
			faults.forEach(fault -> problems.add(file + ": " + fault));
			return null;
		}
		Map<String, ParameterFormat> formats = new LinkedHashMap<>(builtInFormats);
		Map<String, ParameterFormat> own = formats(root, file);
		formats.putAll(own);
		Map<String, Set<String>> attributes = declaredAttributes(root);
		services(root, file);
		boolean builtIn = file.equals("classpath:" + RecipeCatalog.RESOURCE);
		JsonNode entries = root.path("recipes");
		for (int i = 0; i < entries.size(); i++) {
			recipe(entries.get(i),
					file + ": recipe " + entries.get(i).path("name").stringValue() + " (recipes[" + i + "])", file,
					new FileContext(formats, attributes, builtIn));
		}
		return own;
	}

	/** The file's own formats; a name another file defined already is a problem. */
	private Map<String, ParameterFormat> formats(JsonNode root, String file) {
		Map<String, ParameterFormat> formats = new LinkedHashMap<>();
		root.path("formats").forEachEntry((name, format) -> {
			String where = file + ": format " + name;
			String other = formatFiles.putIfAbsent(name, file);
			if (other != null) {
				problems.add(where + ": is defined in " + other + " already");
				return;
			}
			try {
				formats.put(name,
						new ParameterFormat(name, format.path("pattern").stringValue(),
								format.path("description").stringValue(), format.path("example").stringValue(),
								format.path("fromCrn").stringValue(null)));
			}
			catch (IllegalArgumentException ex) {
				problems.add(where + ": " + ex.getMessage());
			}
		});
		return formats;
	}

	/** The service names a file describes ({@code services:}); each once across files. */
	private void services(JsonNode root, String file) {
		root.path("services").forEachEntry((name, service) -> {
			String other = serviceFiles.putIfAbsent(name, file);
			if (other != null) {
				problems.add(file + ": service " + name + ": is described in " + other + " already");
				return;
			}
			List<String> misspellings = new ArrayList<>();
			service.path("misspellings").forEach(misspelling -> misspellings.add(misspelling.stringValue()));
			services.put(name, new ServiceName(name, service.path("label").stringValue(), misspellings));
		});
	}

	/** The attribute names a file declares per service ({@code attributes:}). */
	private static Map<String, Set<String>> declaredAttributes(JsonNode root) {
		Map<String, Set<String>> declared = new LinkedHashMap<>();
		root.path("attributes").forEachEntry((service, names) -> {
			Set<String> set = new LinkedHashSet<>();
			names.forEach(attribute -> set.add(attribute.stringValue()));
			declared.put(service, set);
		});
		return declared;
	}

	/**
	 * One recipe of a file that met the schema, checked for what the schema cannot say.
	 */
	private void recipe(JsonNode entry, String where, String file, FileContext context) {
		Map<String, ParameterFormat> formats = context.formats();
		String name = entry.path("name").stringValue();
		List<RecipeParameter> parameters = new ArrayList<>();
		Set<String> declared = new LinkedHashSet<>();
		JsonNode parameterEntries = entry.path("parameters");
		for (int i = 0; i < parameterEntries.size(); i++) {
			JsonNode parameter = parameterEntries.get(i);
			String field = where + ": parameters[" + i + "]";
			String parameterName = parameter.path("name").stringValue();
			boolean first = declared.add(parameterName);
			ParameterFormat format = formats.get(parameter.path("format").stringValue());
			if (format == null) {
				problems.add(field + ".format: unknown format '" + parameter.path("format").stringValue() + "'; one of "
						+ formats.keySet());
			}
			else if (!first) {
				problems.add(field + ".name: parameter " + parameterName + " is defined twice");
			}
			else {
				try {
					parameters.add(new RecipeParameter(parameterName, format,
							parameter.path("required").asBoolean(false), parameter.path("description").stringValue(),
							parameter.path("example").stringValue(null)));
				}
				catch (IllegalArgumentException ex) {
					problems.add(field + ".example: " + ex.getMessage());
				}
			}
		}
		Recipe recipe = new Recipe(name, entry.path("title").stringValue(), entry.path("description").stringValue(),
				entry.path("docs").stringValue(null), parameters, context.builtIn(),
				entry.path("broadScope").path("reason").stringValue(null),
				entry.path("revokeCaution").path("reason").stringValue(null));
		List<PolicyTemplate> templates = new ArrayList<>();
		JsonNode policyEntries = entry.path("policies");
		for (int i = 0; i < policyEntries.size(); i++) {
			JsonNode policy = policyEntries.get(i);
			PolicyTemplate template = new PolicyTemplate(condition(policy), attributes(policy.path("subject")),
					roles(policy.path("roles")), attributes(policy.path("resource")));
			String field = where + ": policies[" + i + "]";
			template.problems().forEach(problem -> problems.add(field + "." + problem));
			for (String referenced : template.referencedParameters()) {
				if (!declared.contains(referenced)) {
					problems.add(field + ": refers to unknown parameter " + referenced);
				}
			}
			AccountPlaceholders.problems("subject", template.subject(), template.condition(), recipe)
				.forEach(problem -> problems.add(field + "." + problem));
			AccountPlaceholders.problems("resource", template.resource(), template.condition(), recipe)
				.forEach(problem -> problems.add(field + "." + problem));
			CatalogGuardrails.problems(recipe, template, context.attributes())
				.forEach(problem -> problems.add(field + "." + problem));
			templates.add(template);
		}
		String other = recipeFiles.putIfAbsent(name, file);
		if (other != null) {
			problems.add(where + ": is defined in " + other + " already");
			return;
		}
		recipes.put(name, recipe.withServices(RecipeServices.sources(recipe, templates),
				RecipeServices.targets(recipe, templates)));
		policies.put(name, List.copyOf(templates));
	}

	private static PolicyTemplate.Condition condition(JsonNode entry) {
		return new PolicyTemplate.Condition(entry.path("when").stringValue(null),
				entry.path("unless").stringValue(null));
	}

	/**
	 * Attributes in the catalog: {@code name: value} (stringEquals), or {@code name:
	 * {operator: …, value: …}}.
	 */
	private static Map<String, PolicyTemplate.AttributeTemplate> attributes(JsonNode entries) {
		Map<String, PolicyTemplate.AttributeTemplate> attributes = new LinkedHashMap<>();
		entries.forEachEntry((name, value) -> attributes.put(name,
				value.isObject()
						? new PolicyTemplate.AttributeTemplate(value.path("value").stringValue(),
								value.path("operator").stringValue())
						: new PolicyTemplate.AttributeTemplate(value.stringValue(), null)));
		return attributes;
	}

	/** Roles in the catalog: a role CRN, or {@code {crn: …, when: …, unless: …}}. */
	private static List<PolicyTemplate.RoleTemplate> roles(JsonNode entries) {
		List<PolicyTemplate.RoleTemplate> roles = new ArrayList<>();
		for (JsonNode entry : entries) {
			roles.add(entry.isObject()
					? new PolicyTemplate.RoleTemplate(entry.path("crn").stringValue(), condition(entry))
					: new PolicyTemplate.RoleTemplate(entry.stringValue(), PolicyTemplate.Condition.ALWAYS));
		}
		return roles;
	}

}

package dev.s2s.broker.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * The catalog of recipes: {@code recipes.yaml} in the jar, then the operator's files
 * ({@code broker.recipes.locations}). It checks intents against their recipe and expands
 * them into policy documents. Expansion is a pure function: the same intent always gives
 * the same documents in the same order. It brings its settings along, so a test slice
 * that imports it has them.
 */
@Component
@EnableConfigurationProperties(RecipeProperties.class)
public class RecipeCatalog {

	static final String RESOURCE = "recipes.yaml";

	private static final CatalogSchema schema = new CatalogSchema();

	/** YAML 1.2, so {@code yes} is a string, not true; a key given twice is an error. */
	private static final ObjectMapper yaml = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
		.build();

	/**
	 * What an {@code accountId} attribute must be: nothing but a placeholder of
	 * account-id parameters, since access rules scope callers by the accounts an intent
	 * names ({@link #accounts}).
	 */
	private static final Pattern ACCOUNT_PLACEHOLDER = Pattern.compile("^\\$\\{([A-Za-z0-9]+)(?:\\|([A-Za-z0-9]+))?}$");

	private static final String ACCOUNT_ID = "account-id";

	private static final Pattern DUPLICATE_KEY = Pattern.compile("^Duplicate property \"([^\"]*)\"");

	private final Map<String, Recipe> recipes = new LinkedHashMap<>();

	private final Map<String, List<PolicyTemplate>> policies = new LinkedHashMap<>();

	/** The built-in catalog alone. */
	public RecipeCatalog() {
		this(List.of(new ClassPathResource(RESOURCE)));
	}

	/**
	 * The built-in catalog, then the files of {@code broker.recipes.locations}.
	 * @throws InvalidRecipeCatalog naming file, recipe and field of every fault
	 */
	@Autowired
	RecipeCatalog(RecipeProperties properties) {
		this(catalogs(properties));
	}

	/** One catalog file alone, as if it were the built-in one. */
	RecipeCatalog(Resource catalog) {
		this(List.of(catalog));
	}

	/**
	 * Catalog files, loaded in order. The first is the built-in one, whose formats the
	 * others may use; recipe and format names are unique across all. Every file is
	 * checked against {@code recipes.schema.json} first, then for what a schema cannot
	 * say.
	 * @throws InvalidRecipeCatalog naming file, recipe and field of every fault
	 */
	RecipeCatalog(List<Resource> catalogs) {
		List<String> problems = new ArrayList<>();
		Map<String, ParameterFormat> builtInFormats = Map.of();
		Map<String, String> formatFiles = new LinkedHashMap<>();
		Map<String, String> recipeFiles = new LinkedHashMap<>();
		for (int c = 0; c < catalogs.size(); c++) {
			String file = describe(catalogs.get(c));
			JsonNode root = read(catalogs.get(c), file, problems);
			if (root == null) {
				continue;
			}
			List<String> faults = schema.problems(root);
			if (!faults.isEmpty()) {
				faults.forEach(fault -> problems.add(file + ": " + fault));
				continue;
			}
			Map<String, ParameterFormat> formats = new LinkedHashMap<>(builtInFormats);
			Map<String, ParameterFormat> own = formats(root, file, formatFiles, problems);
			formats.putAll(own);
			if (c == 0) {
				builtInFormats = own;
			}
			Map<String, Set<String>> attributes = declaredAttributes(root);
			boolean builtIn = file.equals("classpath:" + RESOURCE);
			JsonNode entries = root.path("recipes");
			for (int i = 0; i < entries.size(); i++) {
				load(entries.get(i),
						file + ": recipe " + entries.get(i).path("name").stringValue() + " (recipes[" + i + "])", file,
						new FileContext(formats, attributes, builtIn), recipeFiles, problems);
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidRecipeCatalog(problems);
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
						+ parameter.format().description() + ", e.g. " + parameter.example()));
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

	private static List<Resource> catalogs(RecipeProperties properties) {
		// Unlike the application context's, this loader reads a plain path as a file.
		ResourceLoader loader = ApplicationResourceLoader.get(RecipeCatalog.class.getClassLoader());
		List<Resource> catalogs = new ArrayList<>();
		catalogs.add(new ClassPathResource(RESOURCE));
		properties.locations().forEach(location -> catalogs.add(loader.getResource(location)));
		return catalogs;
	}

	/** How a problem names the file: its path, or the class path resource. */
	private static String describe(Resource catalog) {
		if (catalog instanceof ClassPathResource resource) {
			return "classpath:" + resource.getPath();
		}
		if (catalog.isFile()) {
			try {
				return catalog.getFile().getPath();
			}
			catch (IOException ex) {
				// described below
			}
		}
		return catalog.getDescription();
	}

	private static @Nullable JsonNode read(Resource catalog, String file, List<String> problems) {
		if (!catalog.exists()) {
			problems.add(file + ": no such file");
			return null;
		}
		try (InputStream in = catalog.getInputStream()) {
			JsonNode root = yaml.readTree(in);
			if (root == null || root.isMissingNode() || root.isNull()) {
				problems.add(file + ": is empty");
				return null;
			}
			return root;
		}
		catch (JacksonException ex) {
			problems.add(file + ": is not valid YAML: " + yamlProblem(ex));
		}
		catch (IOException ex) {
			problems.add(file + ": cannot be read: " + ex.getMessage());
		}
		return null;
	}

	/**
	 * What the YAML parser says, on one line: without the excerpt of the file it quotes,
	 * and a duplicate key in the catalog's words.
	 */
	private static String yamlProblem(JacksonException ex) {
		Matcher duplicate = DUPLICATE_KEY.matcher(ex.getOriginalMessage());
		String problem = duplicate.find() ? "key '" + duplicate.group(1) + "' is given twice"
				: ex.getOriginalMessage()
					.lines()
					.filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
					.collect(Collectors.joining("; "));
		return problem + (ex.getLocation() == null ? ""
				: " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")");
	}

	/** The file's own formats; a name another file defined already is a problem. */
	private static Map<String, ParameterFormat> formats(JsonNode root, String file, Map<String, String> formatFiles,
			List<String> problems) {
		Map<String, ParameterFormat> formats = new LinkedHashMap<>();
		root.path("formats").forEachEntry((name, format) -> {
			String where = file + ": format " + name;
			String other = formatFiles.putIfAbsent(name, file);
			if (other != null) {
				problems.add(where + ": is defined in " + other + " already");
				return;
			}
			try {
				formats.put(name, new ParameterFormat(name, format.path("pattern").stringValue(),
						format.path("description").stringValue(), format.path("example").stringValue()));
			}
			catch (IllegalArgumentException ex) {
				problems.add(where + ": " + ex.getMessage());
			}
		});
		return formats;
	}

	/**
	 * One recipe of a file that met the schema, checked for what the schema cannot say:
	 * the formats and parameters it refers to exist, its accounts are account-id
	 * parameters, IAM would take its policies ({@link PolicyTemplate#problems()}), and
	 * its name is new.
	 */
	/**
	 * What a file gives its recipes: the formats they may use, the attribute names it
	 * declares per service, whether it is the built-in catalog.
	 */
	private record FileContext(Map<String, ParameterFormat> formats, Map<String, Set<String>> attributes,
			boolean builtIn) {
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

	private void load(JsonNode entry, String where, String file, FileContext context, Map<String, String> recipeFiles,
			List<String> problems) {
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
				entry.path("broadScope").path("reason").stringValue(null));
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
			accountProblems("subject", template.subject(), template.condition(), recipe)
				.forEach(problem -> problems.add(field + "." + problem));
			accountProblems("resource", template.resource(), template.condition(), recipe)
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
		recipes.put(name, recipe);
		policies.put(name, List.copyOf(templates));
	}

	/**
	 * Every policy names its subject's and its target's account from account parameters
	 * an intent cannot leave out: a required one, one the policy is conditioned on
	 * ({@code when: p}), or {@code ${p|q}} whose fallback is such. Access rules are
	 * checked against the accounts an intent names; an intent naming none would pass
	 * every rule (issue 19).
	 */
	private static List<String> accountProblems(String side, Map<String, PolicyTemplate.AttributeTemplate> attributes,
			PolicyTemplate.Condition condition, Recipe recipe) {
		String problem = side + ".accountId: must be ${p} or ${p|q} of " + ACCOUNT_ID
				+ " parameters an intent cannot leave out (required, or the policy's when), so that access rules see "
				+ "every account an intent names";
		PolicyTemplate.AttributeTemplate account = attributes.get("accountId");
		if (account == null) {
			// The template reports it ("needs accountId").
			return List.of();
		}
		Matcher placeholder = ACCOUNT_PLACEHOLDER.matcher(account.value());
		boolean onlyAccountParameters = placeholder.matches()
				&& (account.operator() == null || account.operator().equals("stringEquals"));
		for (int group = 1; onlyAccountParameters && group <= 2; group++) {
			String parameter = placeholder.group(group);
			onlyAccountParameters = parameter == null
					|| recipe.parameter(parameter).map(known -> known.format().name().equals(ACCOUNT_ID)).orElse(true);
		}
		if (!onlyAccountParameters) {
			return List.of(problem);
		}
		boolean present = false;
		for (int group = 1; group <= 2; group++) {
			String parameter = placeholder.group(group);
			present |= parameter != null && (parameter.equals(condition.when())
					|| recipe.parameter(parameter).map(RecipeParameter::required).orElse(false));
		}
		return present ? List.of() : List.of(problem);
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

	/**
	 * The policies of a recipe as the catalog states them, placeholders and conditions
	 * included, in order: for reading existing policies back ({@link PolicyRecognition}).
	 */
	List<PolicyTemplate> templates(String recipe) {
		return policies.get(recipe(recipe).name());
	}

}

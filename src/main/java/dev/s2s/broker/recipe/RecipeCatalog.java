package dev.s2s.broker.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
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

	private final Map<String, Recipe> recipes;

	private final Map<String, List<PolicyTemplate>> policies;

	private final Misreadings misreadings;

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
		this(CatalogFiles.of(properties));
	}

	/** One catalog file alone, as if it were the built-in one. */
	RecipeCatalog(Resource catalog) {
		this(List.of(catalog));
	}

	/**
	 * Catalog files, loaded in order, the built-in one first ({@link CatalogLoader}).
	 * @throws InvalidRecipeCatalog naming file, recipe and field of every fault
	 */
	RecipeCatalog(List<Resource> catalogs) {
		CatalogLoader.Loaded loaded = CatalogLoader.load(catalogs);
		this.recipes = loaded.recipes();
		this.policies = loaded.policies();
		this.misreadings = new Misreadings(loaded.services());
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
				violations.add(new FieldViolation(field,
						"must be " + parameter.format().name() + ": " + parameter.format().description() + ", e.g. "
								+ parameter.example()
								+ misreadings.explain(parameter.format(), text).map(meant -> "; " + meant).orElse("")));
			}
			else if (namesAnyService(recipe, parameter) && misreadings.misspelt(text).isPresent()) {
				violations.add(new FieldViolation(field, "must be " + parameter.format().name() + ": "
						+ parameter.format().description() + "; " + misreadings.misspelt(text).orElseThrow()));
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

	/**
	 * Why a service name a caller looks recipes up by ({@code ?service=}) is not one,
	 * naming the IAM name meant: it is a console label ({@code Key Protect}), a known
	 * misspelling ({@code secret-manager}) or a name in capitals; empty when it may be
	 * one.
	 */
	public Optional<String> notAServiceName(String service) {
		return misreadings.notAServiceName(service);
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

	/**
	 * Whether the caller names any service in this parameter ({@code ${p}} as a service).
	 */
	private static boolean namesAnyService(Recipe recipe, RecipeParameter parameter) {
		String placeholder = "${" + parameter.name() + "}";
		return recipe.sourceServices().contains(placeholder) || recipe.targetServices().contains(placeholder);
	}

	private static String abbreviate(String text) {
		return text.length() <= 64 ? text : text.substring(0, 64) + "…";
	}

	/**
	 * The policies of a recipe as the catalog states them, placeholders and conditions
	 * included, in order: for reading existing policies back ({@link PolicyRecognition}).
	 */
	List<PolicyTemplate> templates(String recipe) {
		return policies.get(recipe(recipe).name());
	}

}

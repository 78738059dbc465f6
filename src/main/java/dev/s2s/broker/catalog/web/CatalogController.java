package dev.s2s.broker.catalog.web;

import java.util.List;

import dev.s2s.broker.catalog.Catalog;
import dev.s2s.broker.catalog.Plan;
import dev.s2s.broker.recipe.IntentRequest;
import dev.s2s.broker.recipe.RecipeCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Recipes", description = "The catalog of intents, and what an intent would do")
class CatalogController {

	private final Catalog catalog;

	private final RecipeCatalog recipes;

	CatalogController(Catalog catalog, RecipeCatalog recipes) {
		this.catalog = catalog;
		this.recipes = recipes;
	}

	@GetMapping("/recipes")
	@Operation(operationId = "listRecipes", summary = "List the recipes",
			description = "Every intent the broker understands, built in or added by the operator "
					+ "(broker.recipes.locations), with the IAM services it authorizes and authorizes access to "
					+ "(sourceServices, targetServices), its parameters and their formats, also as a JSON Schema "
					+ "(parametersSchema) a form can be rendered from. With service, only the recipes that name that "
					+ "service on either side, or take it in a parameter naming a service.")
	List<RecipeView> recipes(@Parameter(description = "An IAM service name, such as kms or cloud-object-storage: "
			+ "only the recipes whose source or target it can be; a console label (Key Protect), a known misspelling "
			+ "(secret-manager) or a name in capitals is a 400 naming the IAM name meant",
			example = "kms") @RequestParam(required = false) @Nullable String service) {
		return catalog.recipes(service).stream().map(RecipeView::of).toList();
	}

	@GetMapping("/recipes/{name}")
	@Operation(operationId = "getRecipe", summary = "Show one recipe")
	RecipeView recipe(@PathVariable String name) {
		return RecipeView.of(catalog.recipe(name));
	}

	@PostMapping(path = "/plans", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Plan an intent",
			description = "Expands an intent into the IAM authorization policy documents a grant would submit, with "
					+ "each role resolved to IAM's CRN for it (GET /v2/roles of the document's source and target "
					+ "services, cached; a role IAM does not offer for them is a 400 naming it and the valid ones; "
					+ "when IAM cannot be asked, the catalog's pinned CRNs with rolesChecked false and a rolesReason), "
					+ "and reports for each whether IAM already holds a policy for its subject and resource with its roles "
					+ "(PRESENT), with some of them missing (EXTEND, rolesToAdd) or none (ABSENT): one read-only GET /v1/policies of the "
					+ "target account per document, never retried, within broker.iam.timeouts.plan-read (2 s by "
					+ "default); when IAM fails or does not answer in time, the document is UNKNOWN with a reason. "
					+ "Nothing is recorded or changed.")
	Plan plan(@RequestBody IntentRequest request) {
		return catalog.plan(request.recipe(), request.parameters());
	}

}

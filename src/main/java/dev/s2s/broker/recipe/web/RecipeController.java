package dev.s2s.broker.recipe.web;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.s2s.broker.access.Access;
import dev.s2s.broker.access.Operation;
import dev.s2s.broker.iam.IamPolicies;
import dev.s2s.broker.iam.IamUnavailable;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.web.IntentRequest;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Recipes", description = "The catalog of intents, and what an intent would do")
class RecipeController {

	private final RecipeCatalog catalog;

	private final IamPolicies iam;

	private final Access access;

	RecipeController(RecipeCatalog catalog, IamPolicies iam, Access access) {
		this.catalog = catalog;
		this.iam = iam;
		this.access = access;
	}

	@GetMapping("/recipes")
	@io.swagger.v3.oas.annotations.Operation(summary = "List the recipes", description = "Every intent the broker understands, with its parameters and their formats.")
	List<RecipeView> recipes() {
		access.require(Operation.READ);
		return catalog.recipes().stream().map(RecipeView::of).toList();
	}

	@GetMapping("/recipes/{name}")
	@io.swagger.v3.oas.annotations.Operation(summary = "Show one recipe")
	RecipeView recipe(@PathVariable String name) {
		access.require(Operation.READ);
		return RecipeView.of(catalog.recipe(name));
	}

	@PostMapping(path = "/plans", consumes = MediaType.APPLICATION_JSON_VALUE)
	@io.swagger.v3.oas.annotations.Operation(summary = "Plan an intent",
			description = "Expands an intent into the IAM authorization policy documents a grant would submit, and "
					+ "reports for each whether IAM already has an equal policy (read-only GET /v1/policies of the "
					+ "target account). Nothing is recorded or changed.")
	Plan plan(@RequestBody IntentRequest request) {
		Intent intent = catalog.intent(request.recipe(), request.parameters());
		access.require(Operation.PLAN, intent.recipe(), catalog.accounts(intent));
		String transactionId = "s2s-plan-" + UUID.randomUUID();
		List<Plan.PlannedPolicy> policies = catalog.expand(intent).stream().map(document -> {
			try {
				Optional<String> existing = iam.findExisting(document, transactionId, attempt -> {
				});
				return new Plan.PlannedPolicy(document, existing.isPresent() ? Plan.InIam.PRESENT : Plan.InIam.ABSENT,
						existing.orElse(null));
			}
			catch (IamUnavailable ex) {
				return new Plan.PlannedPolicy(document, Plan.InIam.UNKNOWN, null);
			}
		}).toList();
		return new Plan(intent.recipe(), intent.parameters(), policies);
	}

}

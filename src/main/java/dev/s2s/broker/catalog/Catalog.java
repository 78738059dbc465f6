package dev.s2s.broker.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.s2s.broker.access.Access;
import dev.s2s.broker.access.Operation;
import dev.s2s.broker.iam.IamPolicies;
import dev.s2s.broker.iam.IamUnavailable;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.Recipe;
import dev.s2s.broker.recipe.RecipeCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The recipe catalog as callers see it: the recipes, and plans of what an intent would
 * submit and what IAM already has, like {@code terraform plan}. Reads IAM; records and
 * changes nothing.
 */
@Service
public class Catalog {

	private static final Logger log = LoggerFactory.getLogger(Catalog.class);

	private final RecipeCatalog recipes;

	private final IamPolicies iam;

	private final Access access;

	private final CatalogProperties properties;

	Catalog(RecipeCatalog recipes, IamPolicies iam, Access access, CatalogProperties properties) {
		this.recipes = recipes;
		this.iam = iam;
		this.access = access;
		this.properties = properties;
	}

	/**
	 * @throws dev.s2s.broker.access.AccessDenied unless the caller may read
	 */
	public List<Recipe> recipes() {
		access.require(Operation.READ);
		return recipes.recipes();
	}

	/**
	 * @throws dev.s2s.broker.recipe.RecipeNotFound when the catalog has no such recipe
	 */
	public Recipe recipe(String name) {
		access.require(Operation.READ);
		return recipes.recipe(name);
	}

	/**
	 * What the intent would submit, and for each document whether IAM has it: one read of
	 * IAM per document, each waiting at most {@code broker.catalog.plan-read-timeout} and
	 * never retried, because the caller waits. A document IAM could not be asked about is
	 * {@code UNKNOWN}, with the reason.
	 * @throws dev.s2s.broker.access.AccessDenied unless the caller may plan the recipe on
	 * every account the intent names
	 */
	public Plan plan(Intent intent) {
		access.require(Operation.PLAN, intent.recipe(), recipes.accounts(intent));
		String transactionId = "s2s-plan-" + UUID.randomUUID();
		List<Plan.PlannedPolicy> policies = recipes.expand(intent).stream().map(document -> {
			try {
				Optional<String> existing = iam.findExisting(document, transactionId, properties.planReadTimeout(),
						attempt -> {
						});
				return new Plan.PlannedPolicy(document, existing.isPresent() ? Plan.InIam.PRESENT : Plan.InIam.ABSENT,
						existing.orElse(null), null);
			}
			catch (IamUnavailable ex) {
				log.info("Plan {} could not read IAM: {}", transactionId, ex.getMessage());
				return new Plan.PlannedPolicy(document, Plan.InIam.UNKNOWN, null, ex.reason());
			}
		}).toList();
		return new Plan(intent.recipe(), intent.parameters(), policies);
	}

}

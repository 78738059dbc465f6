package dev.s2s.broker.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.s2s.broker.access.Access;
import dev.s2s.broker.access.Operation;
import dev.s2s.broker.iam.CheckedDocument;
import dev.s2s.broker.iam.ExistingPolicy;
import dev.s2s.broker.iam.IamProperties;
import dev.s2s.broker.iam.IamRoles;
import dev.s2s.broker.iam.IamUnavailable;
import dev.s2s.broker.iam.PolicyReads;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.Recipe;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.refusal.FieldAtFault;
import dev.s2s.broker.web.InvalidRequest;
import org.jspecify.annotations.Nullable;
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

	private final PolicyReads iam;

	private final IamRoles roles;

	private final Access access;

	private final IamProperties properties;

	Catalog(RecipeCatalog recipes, PolicyReads iam, IamRoles roles, Access access, IamProperties properties) {
		this.recipes = recipes;
		this.iam = iam;
		this.roles = roles;
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
	 * The recipes that can authorize {@code service} or authorize access to it
	 * ({@link Recipe#involves}), by its IAM name; every recipe when it is null.
	 * @throws dev.s2s.broker.access.AccessDenied unless the caller may read
	 * @throws InvalidRequest when the service is a console label, a known misspelling or
	 * a name in capitals, naming the IAM name meant
	 */
	public List<Recipe> recipes(@Nullable String service) {
		List<Recipe> all = recipes();
		if (service == null) {
			return all;
		}
		Optional<String> meant = recipes.notAServiceName(service);
		if (meant.isPresent()) {
			throw new InvalidRequest("The request is not valid",
					List.of(new FieldAtFault("service", "must be an IAM service name; " + meant.get())));
		}
		return all.stream().filter(recipe -> recipe.involves(service)).toList();
	}

	/**
	 * @throws dev.s2s.broker.recipe.RecipeNotFound when the catalog has no such recipe
	 */
	public Recipe recipe(String name) {
		access.require(Operation.READ);
		return recipes.recipe(name);
	}

	/**
	 * {@link #plan(Intent) The plan} of the intent these parameters make of the recipe,
	 * once the caller is known to plan at all: a caller no rule lets plan is refused
	 * before the intent is read, so a refusal of the intent (which lists the recipes and
	 * their formats) never reaches it (issue 19).
	 * @throws dev.s2s.broker.access.AccessDenied when no rule lets the caller plan
	 * @throws dev.s2s.broker.recipe.InvalidIntent when the intent does not fit the
	 * catalog
	 */
	public Plan plan(@Nullable String recipe, @Nullable Map<String, Object> parameters) {
		access.requireBeforeReading(Operation.PLAN, () -> Access.Named.of(recipes, recipe, parameters));
		return plan(recipes.intent(recipe, parameters));
	}

	/**
	 * What the intent would submit, and for each document whether IAM has it. The roles
	 * are first resolved against those IAM offers for each document's services
	 * ({@link IamRoles}): the plan shows IAM's role CRNs, or says the roles were not
	 * checked, and why. Then one read of IAM per document, each waiting at most
	 * {@code broker.iam.timeouts.plan-read} and never retried, because the caller waits.
	 * A document IAM could not be asked about is {@code UNKNOWN}, with the reason.
	 * @throws dev.s2s.broker.access.AccessDenied unless the caller may plan the recipe on
	 * every account the intent names
	 * @throws dev.s2s.broker.recipe.RolesNotOffered when IAM does not offer a role the
	 * recipe names for its services
	 */
	public Plan plan(Intent intent) {
		access.require(Operation.PLAN, intent.recipe(), recipes.accounts(intent));
		String transactionId = "s2s-plan-" + UUID.randomUUID();
		List<CheckedDocument> documents = roles.lookup(transactionId).resolve(recipes.expand(intent));
		List<Plan.PlannedPolicy> policies = documents.stream().map(checked -> {
			PolicyDocument document = checked.document();
			try {
				Optional<ExistingPolicy> existing = iam.findExisting(document, transactionId,
						properties.timeouts().planRead(), attempt -> {
						});
				Plan.InIam inIam = existing.isEmpty() ? Plan.InIam.ABSENT
						: existing.get().missingRoles().isEmpty() ? Plan.InIam.PRESENT : Plan.InIam.EXTEND;
				return new Plan.PlannedPolicy(document, inIam, existing.map(ExistingPolicy::id).orElse(null), null,
						checked.rolesChecked(), checked.reason(),
						inIam == Plan.InIam.EXTEND ? existing.get().missingRoles() : null);
			}
			catch (IamUnavailable ex) {
				log.info("Plan {} could not read IAM: {}", transactionId, ex.getMessage());
				return new Plan.PlannedPolicy(document, Plan.InIam.UNKNOWN, null, ex.reason(), checked.rolesChecked(),
						checked.reason(), null);
			}
		}).toList();
		Recipe recipe = recipes.recipe(intent.recipe());
		return new Plan(intent.recipe(), intent.parameters(), policies, recipe.broadScopeReason(),
				recipe.revokeCaution());
	}

}

package dev.s2s.broker.web;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.BrokerIT;
import dev.s2s.client.ApiClient;
import dev.s2s.client.api.GrantsApi;
import dev.s2s.client.api.InventoryApi;
import dev.s2s.client.api.RecipesApi;
import dev.s2s.client.model.AccountInventory;
import dev.s2s.client.model.BackupAuthorizationRequest;
import dev.s2s.client.model.Drift;
import dev.s2s.client.model.FieldProblem;
import dev.s2s.client.model.Grant;
import dev.s2s.client.model.GrantPolicy;
import dev.s2s.client.model.GrantStatus;
import dev.s2s.client.model.GrantVerification;
import dev.s2s.client.model.InIam;
import dev.s2s.client.model.IntentRequest;
import dev.s2s.client.model.Plan;
import dev.s2s.client.model.PlannedPolicy;
import dev.s2s.client.model.PolicyStatus;
import dev.s2s.client.model.PolicyVerification;
import dev.s2s.client.model.Problem;
import dev.s2s.client.model.Recipe;
import dev.s2s.client.model.Satisfaction;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A client generated from {@code openapi.yaml} (by the OpenAPI Generator's Maven plugin,
 * into {@code target/} at every build) drives the broker through README's walk-through,
 * as a portal built from the document would: every answer reads into the generated
 * models, and a refusal into the generated {@code Problem}. Renaming an operation or a
 * schema breaks this test at compile time: the names are part of the contract.
 */
class ApiWalkthroughIT extends BrokerIT {

	private final ApiClient client = new ApiClient();

	private final RecipesApi recipes = new RecipesApi(client);

	private final GrantsApi grants = new GrantsApi(client);

	private final InventoryApi inventory = new InventoryApi(client);

	@Test
	void aClientGeneratedFromTheDocumentPlansGrantsFollowsVerifiesInventoriesAndRevokes() {
		client.setBasePath("http://localhost:" + port);
		client.setBearerToken(iam.tokenFor(CALLER));
		String account = newAccount();

		assertThat(recipes.listRecipes(null)).extracting(Recipe::getName).contains("vpc-backup", "vpe-dns-sharing");

		Plan plan = recipes.plan(new IntentRequest().recipe("vpc-backup").parameters(Map.of("accountId", account)),
				null);
		assertThat(plan.getPolicies()).hasSize(4).extracting(PlannedPolicy::getInIam).containsOnly(InIam.ABSENT);

		ResponseEntity<Grant> granted = grants
			.enableBackupWithHttpInfo(new BackupAuthorizationRequest().accountId(account), "wait=10", null);
		assertThat(granted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		URI location = granted.getHeaders().getLocation();
		assertThat(location).isNotNull();
		UUID id = UUID.fromString(location.getPath().substring("/v1/grants/".length()));

		Grant grant = grants.getGrant(id);
		assertThat(grant.getStatus()).isEqualTo(GrantStatus.SUCCEEDED);
		assertThat(grant.getConfirmedAt()).isNotNull();
		assertThat(grant.getPolicies()).hasSize(4).allSatisfy(policy -> {
			assertThat(policy.getStatus()).isEqualTo(PolicyStatus.CREATED);
			assertThat(policy.getIamPolicyId()).isNotNull();
			assertThat(policy.getLastError()).isNull();
		});
		assertThat(grants.listGrantAttempts(id)).isNotEmpty();

		GrantVerification verification = grants.verify(id, null);
		assertThat(verification.getStatus()).isEqualTo(GrantStatus.SUCCEEDED);
		assertThat(verification.getPolicies()).extracting(PolicyVerification::getDrift).containsOnly(Drift.IN_SYNC);

		AccountInventory held = inventory.getAccountInventory(account);
		assertThat(held.getIntents()).singleElement().satisfies(intent -> {
			assertThat(intent.getRecipe()).isEqualTo("vpc-backup");
			assertThat(intent.getSatisfaction()).isEqualTo(Satisfaction.FULL);
			assertThat(intent.getPolicyIds())
				.containsExactlyElementsOf(grant.getPolicies().stream().map(GrantPolicy::getIamPolicyId).toList());
			assertThat(intent.getManagedBy()).isEqualTo(id);
		});
		assertThat(held.getPolicies()).allSatisfy(policy -> assertThat(policy.getManaged().getGrantId()).isEqualTo(id));

		Grant revoked = grants.revoke(id, null, null, "wait=10");
		assertThat(revoked.getStatus()).isEqualTo(GrantStatus.REVOKED);
		assertThat(revoked.getPolicies()).extracting(GrantPolicy::getStatus).containsOnly(PolicyStatus.DELETED);

		RestClientResponseException refused = catchThrowableOfType(RestClientResponseException.class,
				() -> grants.enableBackup(new BackupAuthorizationRequest().accountId("not-an-account"), null, null));
		Problem problem = refused.getResponseBodyAs(Problem.class);
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getType()).isEqualTo(URI.create("urn:s2s-broker:problem:invalid-request"));
		assertThat(problem.getInstance()).isEqualTo("/v1/backup-authorizations");
		assertThat(problem.getErrors()).extracting(FieldProblem::getField).containsExactly("accountId");
	}

}

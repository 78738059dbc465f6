package dev.s2s.broker.grant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.IamStandIn;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A grant in mode ADOPT makes sure its policies exist without ever writing to IAM (issue
 * 23): teams whose policies are made elsewhere (a Terraform module run with
 * {@code skip_iam_authorization_policy}, the console) record that the intent holds. The
 * broker only reads IAM: a policy for each document's subject and resource with at least
 * its roles is adopted (EXISTED); none fails the policy as {@code policy_missing}, until
 * a retry finds it. Revoking and repairing such a grant never change IAM either.
 */
class AdoptOnlyGrantsIT extends BrokerIT {

	private static final String VIEWER = "crn:v1:bluemix:public:iam::::role:Viewer";

	@Test
	void policiesMadeElsewhereAreAdoptedAndTheGrantSucceedsWithoutAWriteToIam() {
		String account = newAccount();
		List<String> madeElsewhere = madeElsewhere(account);

		Answer granted = post("/v1/grants", adopt(account), "Prefer", "wait=20");

		assertThat(granted.status()).as(granted.body().toString()).isEqualTo(201);
		assertThat(granted.body().path("mode").asString()).isEqualTo("ADOPT");
		assertThat(granted.body().path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(granted.body().path("policies").valueStream().map(policy -> policy.path("status").asString()))
			.containsOnly("EXISTED");
		assertThat(granted.body().path("policies").valueStream().map(policy -> policy.path("iamPolicyId").asString()))
			.containsExactlyElementsOf(madeElsewhere);
		assertThat(writes(account, granted)).isEmpty();
		assertThat(get("/v1/grants/" + granted.body().path("id").asString() + "/attempts").body()
			.valueStream()
			.map(attempt -> attempt.path("operation").asString())).as("every read of IAM is in the attempt log")
			.isNotEmpty()
			.doesNotContain("create_policy", "update_policy", "delete_policy");
		assertThat(iam.policiesIn(account)).hasSize(4);
	}

	@Test
	void aMissingPolicyFailsTheGrantAsPolicyMissingWithoutAWriteAndARetryAfterItIsMadeSucceeds() {
		String account = newAccount();

		Answer missing = post("/v1/grants", adopt(account), "Prefer", "wait=20");

		assertThat(missing.body().path("mode").asString()).isEqualTo("ADOPT");
		assertThat(missing.body().path("status").asString()).as(missing.body().toString()).isEqualTo("FAILED");
		assertThat(missing.body().path("policies").valueStream().map(policy -> policy.path("status").asString()))
			.containsOnly("FAILED");
		JsonNode error = missing.body().path("policies").path(0).path("lastError");
		assertThat(error.path("code").asString()).isEqualTo("policy_missing");
		assertThat(error.path("message").asString()).contains(account, "ADOPT", "retry");
		assertThat(missing.body().path("policies").path(0).has("iamPolicyId")).isFalse();
		assertThat(iam.policiesIn(account)).isEmpty();
		assertThat(writes(account, missing)).isEmpty();

		List<String> madeElsewhere = madeElsewhere(account);
		Answer retried = post("/v1/grants/" + missing.body().path("id").asString() + "/retry", "", "Prefer", "wait=20");

		assertThat(retried.body().path("status").asString()).as(retried.body().toString()).isEqualTo("SUCCEEDED");
		assertThat(retried.body().path("policies").valueStream().map(policy -> policy.path("iamPolicyId").asString()))
			.containsExactlyElementsOf(madeElsewhere);
		assertThat(writes(account, retried)).isEmpty();
		assertThat(iam.policiesIn(account)).hasSize(4);
	}

	@Test
	void aPolicyWithoutSomeOfTheRolesIsNeitherExtendedNorAdoptedButNamedAsPolicyRolesMissing() {
		String account = newAccount();
		List<String> madeElsewhere = madeElsewhere(account);
		iam.changeRole(madeElsewhere.get(0), VIEWER);

		Answer granted = post("/v1/grants", adopt(account), "Prefer", "wait=20");

		assertThat(granted.body().path("status").asString()).as(granted.body().toString()).isEqualTo("FAILED");
		JsonNode error = granted.body().path("policies").path(0).path("lastError");
		assertThat(error.path("code").asString()).isEqualTo("policy_roles_missing");
		assertThat(error.path("message").asString()).contains(madeElsewhere.get(0));
		assertThat(iam.rolesOf(madeElsewhere.get(0))).containsExactly(VIEWER);
		assertThat(writes(account, granted)).isEmpty();
	}

	@Test
	void aRevokeLeavesIamAsItIsEvenWhenAskedToIncludeAdoptedPolicies() {
		String account = newAccount();
		List<String> madeElsewhere = madeElsewhere(account);
		List<JsonNode> before = iam.policiesIn(account);
		Answer granted = post("/v1/grants", adopt(account), "Prefer", "wait=20");

		Answer revoked = delete("/v1/grants/" + granted.body().path("id").asString() + "?includeAdopted=true", "Prefer",
				"wait=20");

		assertThat(revoked.body().path("status").asString()).as(revoked.body().toString()).isEqualTo("REVOKED");
		assertThat(revoked.body().path("mode").asString()).isEqualTo("ADOPT");
		assertThat(revoked.body().path("policies").valueStream().map(policy -> policy.path("status").asString()))
			.containsOnly("RETAINED");
		assertThat(iam.policiesIn(account)).containsExactlyInAnyOrderElementsOf(before);
		assertThat(madeElsewhere).allSatisfy(id -> assertThat(iam.policy(id)).isNotNull());
		assertThat(writes(account, granted)).isEmpty();
	}

	@Test
	void theShortcutsTakeTheModeToo() {
		String account = newAccount();
		madeElsewhere(account);

		Answer granted = post("/v1/backup-authorizations", Map.of("accountId", account, "mode", "ADOPT"), "Prefer",
				"wait=20");
		Answer revoked = delete("/v1/backup-authorizations/" + account, "Prefer", "wait=20");

		assertThat(granted.body().path("mode").asString()).isEqualTo("ADOPT");
		assertThat(granted.body().path("status").asString()).as(granted.body().toString()).isEqualTo("SUCCEEDED");
		assertThat(revoked.body().path("policies").valueStream().map(policy -> policy.path("status").asString()))
			.containsOnly("RETAINED");
		assertThat(iam.policiesIn(account)).hasSize(4);
		assertThat(writes(account, granted)).isEmpty();
	}

	@Test
	void repairOfAPolicyDeletedElsewhereLooksForItAgainAndNeverCreatesIt() {
		String account = newAccount();
		List<String> madeElsewhere = madeElsewhere(account);
		Answer granted = post("/v1/grants", adopt(account), "Prefer", "wait=20");
		String grant = granted.body().path("id").asString();
		iam.removePolicy(madeElsewhere.get(0));

		Answer verified = post("/v1/grants/" + grant + "/verify", "");
		Answer repaired = post("/v1/grants/" + grant + "/repair", "", "Prefer", "wait=20");

		assertThat(verified.body().path("policies").path(0).path("drift").asString()).isEqualTo("MISSING");
		assertThat(repaired.body().path("status").asString()).as(repaired.body().toString()).isEqualTo("FAILED");
		assertThat(repaired.body().path("policies").path(0).path("lastError").path("code").asString())
			.isEqualTo("policy_missing");
		assertThat(iam.policiesIn(account)).hasSize(3);
		assertThat(writes(account, granted)).isEmpty();
	}

	@Test
	void aBatchIntentMayAdoptAndABadModeIsRefusedNamingTheField() {
		String account = newAccount();
		madeElsewhere(account);

		Answer batch = post("/v1/grant-batches", Map.of("intents", List.of(adopt(account))));
		Answer refused = post("/v1/grant-batches", Map.of("intents",
				List.of(Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account), "mode", "adopt"))));
		Answer refusedGrant = post("/v1/grants",
				Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account), "mode", "ADOPT_ONLY"));

		String grant = batch.body().path("grants").path(0).path("grantId").asString();
		assertThat(get("/v1/grants/" + grant).body().path("mode").asString()).isEqualTo("ADOPT");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body().path("errors").path(0).path("field").asString()).isEqualTo("intents[0].mode");
		assertThat(refusedGrant.status()).isEqualTo(400);
		assertThat(refusedGrant.body().path("errors").path(0).path("field").asString()).isEqualTo("mode");
		assertThat(refusedGrant.body().path("errors").path(0).path("message").asString()).contains("CREATE", "ADOPT");
	}

	@Test
	void aGrantAskedForWithoutAModeCreatesAndSaysSo() {
		String account = newAccount();

		Answer granted = post("/v1/grants", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)),
				"Prefer", "wait=20");

		assertThat(granted.body().path("mode").asString()).isEqualTo("CREATE");
		assertThat(granted.body().path("policies").path(0).path("status").asString()).isEqualTo("CREATED");
		assertThat(writes(account, granted)).as("the writes the other tests find none of").hasSize(4);
	}

	private static Map<String, Object> adopt(String account) {
		return Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account), "mode", "ADOPT");
	}

	/**
	 * Every policy of vpc-backup for the account, as a Terraform module made them: with a
	 * description of its own. Their ids, in the recipe's order.
	 */
	private List<String> madeElsewhere(String account) {
		JsonNode planned = post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)))
			.body()
			.path("policies");
		List<String> ids = new ArrayList<>();
		for (JsonNode policy : planned) {
			ObjectNode document = (ObjectNode) policy.path("document").deepCopy();
			document.put("description", "Made by a Terraform module");
			ArrayNode roles = (ArrayNode) document.path("roles");
			assertThat(roles).isNotEmpty();
			ids.add(iam.givenPolicy(document));
		}
		return ids;
	}

	/**
	 * The requests that would change IAM made for the grant or naming the account: a
	 * create, update or delete of a policy.
	 */
	private static List<IamStandIn.Received> writes(String account, Answer grant) {
		String id = grant.body().path("id").asString();
		List<String> policies = iam.policiesIn(account).stream().map(policy -> policy.path("id").asString()).toList();
		return iam.received()
			.stream()
			.filter(request -> request.path().startsWith("/v1/policies") && !request.method().equals("GET"))
			.filter(request -> String.valueOf(request.transactionId()).contains(id)
					|| String.valueOf(request.body()).contains(account)
					|| policies.stream().anyMatch(request.path()::contains))
			.toList();
	}

}

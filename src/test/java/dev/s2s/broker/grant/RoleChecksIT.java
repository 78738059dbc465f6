package dev.s2s.broker.grant;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import dev.s2s.broker.standin.IamStandIn.Received;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: the roles recipes name are resolved against the roles IAM offers for each
 * policy's pair of services ({@code GET /v2/roles}) before anything is recorded. IAM's
 * CRN is submitted; a role IAM does not offer is a 400 on plan and grant; when IAM cannot
 * be asked, grants go ahead with the catalog's pinned CRNs, recorded as unchecked, and
 * plans say so.
 */
class RoleChecksIT extends BrokerIT {

	private static final String OPERATOR = "crn:v1:bluemix:public:iam::::role:Operator";

	private static final String EDITOR = "crn:v1:bluemix:public:iam::::role:Editor";

	/**
	 * How the stand-in lists Operator in
	 * {@link #grantsSubmitTheRoleCrnIamListsForThePairOfServices}.
	 */
	private static final String IAMS_OPERATOR = "crn:v1:bluemix:public:is::::role:Operator";

	private static final String HUB_VPC = "r006-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

	@Test
	void grantsSubmitTheRoleCrnIamListsForThePairOfServices() {
		iam.offerRole("is", "is", "system", "Operator", IAMS_OPERATOR);
		String account = newAccount();

		Answer granted = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");

		assertThat(granted.status()).as(granted.body().toString()).isEqualTo(201);
		assertThat(roleIds(granted.body())).as("recorded and shown")
			.containsExactly(IAMS_OPERATOR, EDITOR, EDITOR, IAMS_OPERATOR);
		assertThat(rolesChecked(granted.body())).containsExactly("true", "true", "true", "true");
		assertThat(iam.policiesIn(account)).as("submitted")
			.extracting(policy -> policy.path("roles").path(0).path("role_id").asString())
			.containsExactlyInAnyOrder(IAMS_OPERATOR, EDITOR, EDITOR, IAMS_OPERATOR);
		assertThat(roleReads()).singleElement().satisfies(read -> {
			assertThat(read.query()).contains("service_name=is", "source_service_name=is", "policy_type=authorization");
			assertThat(read.authorization()).startsWith("Bearer ");
			assertThat(read.transactionId()).startsWith("s2s-roles-");
		});
	}

	@Test
	void refusesAPlanAGrantAndABatchNamingARoleIamDoesNotOfferAndRecordsNothing() {
		iam.withdrawRole("is", "is", "Editor");
		String account = newAccount();
		String message = "role Editor is not offered by IAM for is → is; valid roles are "
				+ names(iam.offeredRoles("is", "is"));
		Map<String, Object> intent = Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account));
		Map<String, Object> fine = Map.of("recipe", "vpe-dns-sharing", "parameters",
				Map.of("spokeAccountId", account, "hubAccountId", newAccount(), "hubVpcId", HUB_VPC));

		Answer plan = post("/v1/plans", intent);
		Answer grant = post("/v1/grants", intent, "Prefer", "wait=5");
		Answer shortcut = post("/v1/backup-authorizations", Map.of("accountId", account));
		Answer batch = post("/v1/grant-batches", Map.of("intents", List.of(fine, intent)));

		SoftAssertions.assertSoftly(softly -> {
			for (Answer refused : List.of(plan, grant, shortcut)) {
				softly.assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
				softly.assertThat(refused.contentType()).isEqualTo("application/problem+json");
				softly.assertThat(refused.body().path("type").asString())
					.isEqualTo("urn:s2s-broker:problem:role-not-offered");
				softly.assertThat(fields(refused)).containsExactly("policies[1].roles[0]", "policies[2].roles[0]");
				softly.assertThat(messages(refused)).containsOnly(message);
			}
			softly.assertThat(batch.status()).as(batch.body().toString()).isEqualTo(400);
			softly.assertThat(fields(batch))
				.containsExactly("intents[1].policies[1].roles[0]", "intents[1].policies[2].roles[0]");
			softly.assertThat(messages(batch)).containsOnly(message);
			softly
				.assertThat(db.sql("select count(*) from grant_accounts where account_id = ?")
					.param(account)
					.query(Long.class)
					.single())
				.as("grants recorded for the account, the batch's good intent included")
				.isZero();
			softly.assertThat(iam.received())
				.as("submissions to IAM for the account")
				.filteredOn(
						r -> r.method().equals("POST") && r.path().equals("/v1/policies") && r.body().contains(account))
				.isEmpty();
		});
	}

	@Test
	void withIamsRolesUnreadableAGrantSucceedsWithThePinnedCrnsUncheckedAndAPlanSaysSo() {
		for (int i = 0; i < 10; i++) {
			iam.failNext(Operation.LIST_ROLES, Fault.status(500));
		}
		String account = newAccount();
		Map<String, Object> intent = Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account));

		Answer plan = post("/v1/plans", intent);
		Answer granted = post("/v1/grants", intent, "Prefer", "wait=20");

		assertThat(plan.status()).as(plan.body().toString()).isEqualTo(200);
		assertThat(rolesChecked(plan.body())).containsExactly("false", "false", "false", "false");
		assertThat(plan.body().path("policies")).allSatisfy(policy -> {
			assertThat(policy.path("rolesReason").asString()).isEqualTo("IAM answered 500 (unable_to_process)");
			assertThat(policy.path("inIam").asString()).isEqualTo("ABSENT");
		});
		assertThat(granted.status()).as(granted.body().toString()).isEqualTo(201);
		assertThat(granted.body().path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(roleIds(granted.body())).containsExactly(OPERATOR, EDITOR, EDITOR, OPERATOR);
		assertThat(rolesChecked(granted.body())).containsExactly("false", "false", "false", "false");
		assertThat(db.sql("select roles_checked from grant_policies where grant_id = ?::uuid order by ordinal")
			.param(granted.body().path("id").asString())
			.query(Boolean.class)
			.list()).containsExactly(false, false, false, false);
		assertThat(roleReads()).as("one read per request: the plan's and the grant's").hasSize(2);
	}

	@Test
	void aGrantWaitsForIamsRolesAtMostTheRolesReadTimeoutThenGoesAheadUnchecked() {
		iam.failNext(Operation.LIST_ROLES, Fault.latency(Duration.ofSeconds(4)));
		String account = newAccount();

		long started = System.nanoTime();
		Answer accepted = post("/v1/backup-authorizations", Map.of("accountId", account));
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
		assertThat(took).as("roles-read-timeout is 1 s in the tests").isLessThan(Duration.ofMillis(3500));
		assertThat(rolesChecked(accepted.body())).containsExactly("false", "false", "false", "false");
	}

	@Test
	void aBatchAsksIamForTheRolesOfEachPairOfServicesOnce() {
		List<Map<String, Object>> intents = List.of(
				Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", newAccount())),
				Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", newAccount())),
				Map.of("recipe", "vpe-dns-sharing", "parameters",
						Map.of("spokeAccountId", newAccount(), "hubAccountId", newAccount(), "hubVpcId", HUB_VPC)));

		Answer accepted = post("/v1/grant-batches", Map.of("intents", intents));

		assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
		assertThat(roleReads()).hasSize(1);
	}

	private static List<String> roleIds(JsonNode grant) {
		return grant.path("policies")
			.valueStream()
			.map(policy -> policy.path("document").path("roles").path(0).path("role_id").asString())
			.toList();
	}

	/** Each policy's {@code rolesChecked} as JSON text; "null" when it has none. */
	private static List<String> rolesChecked(JsonNode grantOrPlan) {
		return grantOrPlan.path("policies")
			.valueStream()
			.map(policy -> String.valueOf(policy.get("rolesChecked")))
			.toList();
	}

	private static List<String> fields(Answer problem) {
		return problem.body().path("errors").valueStream().map(error -> error.path("field").asString()).toList();
	}

	/** The names of roles, as the broker lists them: each CRN's last segment. */
	private static List<String> names(List<String> crns) {
		return crns.stream().map(crn -> crn.substring(crn.lastIndexOf(':') + 1)).toList();
	}

	private static List<String> messages(Answer problem) {
		return problem.body().path("errors").valueStream().map(error -> error.path("message").asString()).toList();
	}

	/**
	 * The broker's reads of IAM's roles, each once: the repeat of a read after a 401 (the
	 * stand-in forgets its tokens between tests) has the same transaction and query.
	 */
	private static List<Received> roleReads() {
		Map<String, Received> reads = new LinkedHashMap<>();
		iam.received()
			.stream()
			.filter(r -> r.method().equals("GET") && r.path().equals("/v2/roles"))
			.forEach(r -> reads.putIfAbsent(r.transactionId() + "?" + r.query(), r));
		return List.copyOf(reads.values());
	}

}

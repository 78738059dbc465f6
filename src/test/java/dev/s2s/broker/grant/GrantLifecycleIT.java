package dev.s2s.broker.grant;

import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Grants end to end: HTTP API, PostgreSQL, the background worker and the IAM stand-in.
 */
class GrantLifecycleIT extends BrokerIT {

	private static final String OPERATOR = "crn:v1:bluemix:public:iam::::role:Operator";

	private static final String EDITOR = "crn:v1:bluemix:public:iam::::role:Editor";

	@Test
	void backupCreatesExactlyTheFourDocumentedPoliciesInIam() {
		String account = newAccount();

		Answer answer = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");

		assertThat(answer.status()).isEqualTo(201);
		assertThat(answer.header("Location")).isEqualTo("/v1/grants/" + answer.body().path("id").asString());
		assertThat(answer.body().path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(answer.body().path("policies")).hasSize(4)
			.allSatisfy(policy -> assertThat(policy.path("status").asString()).isEqualTo("CREATED"));
		List<String> targets = new ArrayList<>();
		for (JsonNode policy : iam.policiesIn(account)) {
			assertThat(policy.path("type").asString()).isEqualTo("authorization");
			assertThat(attributes(policy.path("subjects").path(0)))
				.isEqualTo(Map.of("accountId", account, "serviceName", "is", "resourceType", "backup-policy"));
			Map<String, String> resource = attributes(policy.path("resources").path(0));
			String target = resource.keySet()
				.stream()
				.filter(name -> resource.get(name).equals("*"))
				.findFirst()
				.orElseThrow();
			targets.add(target + "=" + policy.path("roles").path(0).path("role_id").asString());
		}
		assertThat(targets).containsExactlyInAnyOrder("volumeId=" + OPERATOR, "snapshotId=" + EDITOR,
				"snapshotConsistencyGroupId=" + EDITOR, "instanceId=" + OPERATOR);
		List<String> recordedIds = answer.body()
			.path("policies")
			.valueStream()
			.map(p -> p.path("iamPolicyId").asString())
			.toList();
		assertThat(recordedIds).containsExactlyInAnyOrderElementsOf(
				iam.policiesIn(account).stream().map(policy -> policy.path("id").asString()).toList());
	}

	@Test
	void marksEachPolicyWithItsGrantAndOrdinalAndRecordsExactlyTheBodyIamReceived() {
		String account = newAccount();

		JsonNode grant = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20").body();

		List<JsonNode> received = iam.received()
			.stream()
			.filter(request -> request.method().equals("POST") && request.path().equals("/v1/policies"))
			.map(request -> json.readTree(request.body()))
			.filter(body -> body.path("resources").toString().contains(account))
			.toList();
		assertThat(grant.path("policies")).hasSize(4).allSatisfy(policy -> {
			String description = "s2s-broker grant " + grant.path("id").asString() + " policy "
					+ policy.path("ordinal").asInt();
			assertThat(policy.path("document").path("description").asString()).isEqualTo(description);
			assertThat(received).as("every body sent for it (a 401 repeats one)")
				.filteredOn(body -> body.path("description").asString().equals(description))
				.isNotEmpty()
				.allSatisfy(body -> assertThat(body).isEqualTo(policy.path("document")));
			assertThat(iam.policiesIn(account))
				.filteredOn(inIam -> inIam.path("id").asString().equals(policy.path("iamPolicyId").asString()))
				.singleElement()
				.satisfies(inIam -> assertThat(inIam.path("description").asString()).isEqualTo(description));
		});
	}

	@Test
	void dnsSharingCreatesTheOnePolicyOfIbmsGuideInTheHubAccount() {
		String spoke = newAccount();
		String hub = newAccount();

		Answer answer = post("/v1/dns-sharing-authorizations",
				Map.of("spokeAccountId", spoke, "spokeVpcId", "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c",
						"hubAccountId", hub, "hubVpcId", "r006-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
				"Prefer", "wait=20");

		assertThat(answer.status()).isEqualTo(201);
		assertThat(iam.policiesIn(hub)).singleElement().satisfies(policy -> {
			assertThat(attributes(policy.path("subjects").path(0))).containsEntry("accountId", spoke)
				.containsEntry("resource", "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c");
			assertThat(policy.path("roles").path(0).path("role_id").asString())
				.isEqualTo("crn:v1:bluemix:public:is::::serviceRole:DNSBindingConnector");
		});
	}

	@Test
	void acceptsAGrantBeforeIamIsDoneAndFinishesItInTheBackground() {
		iam.failNext(Operation.CREATE_POLICY, Fault.latency(Duration.ofSeconds(1)));

		Answer accepted = post("/v1/grants",
				Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", newAccount())));

		assertThat(accepted.status()).isEqualTo(202);
		String id = accepted.body().path("id").asString();
		assertThat(db.sql("select count(*) from grants where id = ?::uuid").param(id).query(Long.class).single())
			.as("committed before the answer")
			.isEqualTo(1L);
		await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("SUCCEEDED"));
	}

	@Test
	void askingAgainForTheSameIntentReturnsTheExistingGrant() {
		String account = newAccount();
		Answer first = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");

		Answer again = post("/v1/grants", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)));

		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body().path("id")).isEqualTo(first.body().path("id"));
		assertThat(iam.policiesIn(account)).hasSize(4);
		assertThat(db.sql("select count(*) from grants where parameters like ?")
			.param("%" + account + "%")
			.query(Long.class)
			.single()).isEqualTo(1L);
	}

	@Test
	void adoptsPoliciesThatAlreadyExistInIamWithoutDuplicatingThem() {
		String account = newAccount();
		JsonNode plan = post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)))
			.body();
		String existing = iam.givenPolicy(plan.path("policies").path(2).path("document"));

		Answer answer = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");

		assertThat(answer.body().path("status").asString()).isEqualTo("SUCCEEDED");
		JsonNode adopted = answer.body().path("policies").path(2);
		assertThat(adopted.path("status").asString()).isEqualTo("EXISTED");
		assertThat(adopted.path("iamPolicyId").asString()).isEqualTo(existing);
		assertThat(iam.policiesIn(account)).hasSize(4);
	}

	@Test
	void survivesThrottlingServerErrorsResetsAndExpiredTokens() {
		String account = newAccount();
		iam.expireTokens();
		iam.failNext(Operation.CREATE_POLICY, Fault.tooManyRequests(1), Fault.status(503), Fault.dropConnection(),
				Fault.status(502));

		Answer answer = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=30");

		assertThat(answer.body().path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(iam.policiesIn(account)).hasSize(4);
		String id = answer.body().path("id").asString();
		List<Integer> statuses = get("/v1/grants/" + id + "/attempts").body()
			.valueStream()
			.map(attempt -> attempt.has("httpStatus") ? attempt.path("httpStatus").asInt() : 0)
			.toList();
		assertThat(statuses).contains(429, 503, 0, 502).filteredOn(status -> status == 201).hasSize(4);
		int recorded = answer.body().path("policies").valueStream().mapToInt(p -> p.path("attempts").asInt()).sum();
		assertThat(recorded).isEqualTo(statuses.size());
	}

	@Test
	void failsCleanlyOnBadRequestKeepingIamsMessageAndRetriesOnRequest() {
		String account = newAccount();
		iam.failNext(Operation.CREATE_POLICY, Fault.status(400));

		Answer failed = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");

		assertThat(failed.status()).as("finished, though failed").isEqualTo(201);
		assertThat(failed.body().path("status").asString()).isEqualTo("FAILED");
		JsonNode refused = failed.body()
			.path("policies")
			.valueStream()
			.filter(p -> p.path("status").asString().equals("FAILED"))
			.findFirst()
			.orElseThrow();
		assertThat(refused.path("lastError").path("status").asInt()).isEqualTo(400);
		assertThat(refused.path("lastError").path("code").asString()).isEqualTo("invalid_body");
		assertThat(refused.path("lastError").path("message").asString())
			.isEqualTo("Invalid body format. Check the input parameters.");
		assertThat(refused.path("lastError").path("trace").asString()).hasSize(32);
		assertThat(refused.path("attempts").asInt()).isEqualTo(1);
		assertThat(iam.policiesIn(account)).hasSize(3);

		Answer retried = post("/v1/grants/" + failed.body().path("id").asString() + "/retry", "", "Prefer", "wait=20");

		assertThat(retried.status()).isEqualTo(200);
		assertThat(retried.body().path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(iam.policiesIn(account)).hasSize(4);
	}

	@Test
	void askingAgainForAFailedIntentReDrivesTheSameGrant() {
		String account = newAccount();
		iam.failNext(Operation.CREATE_POLICY, Fault.status(403));
		Answer failed = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");
		assertThat(failed.body().path("status").asString()).isEqualTo("FAILED");

		Answer again = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");

		assertThat(again.body().path("id")).isEqualTo(failed.body().path("id"));
		assertThat(again.body().path("status").asString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void refusesToRetryAGrantThatHasNotFailed() {
		Answer done = post("/v1/backup-authorizations", Map.of("accountId", newAccount()), "Prefer", "wait=20");

		Answer retry = post("/v1/grants/" + done.body().path("id").asString() + "/retry", "");

		assertThat(retry.status()).isEqualTo(409);
		assertThat(retry.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void listsGrantsNewestFirstFilteredByAccountRecipeAndStatus() {
		String hub = newAccount();
		Answer older = post("/v1/backup-authorizations", Map.of("accountId", hub), "Prefer", "wait=20");
		Answer newer = post("/v1/dns-sharing-authorizations", Map.of("spokeAccountId", newAccount(), "hubAccountId",
				hub, "hubVpcId", "r006-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"), "Prefer", "wait=20");

		JsonNode page = get("/v1/grants?accountId=" + hub).body();
		assertThat(page.path("grants").valueStream().map(g -> g.path("id")).toList())
			.containsExactly(newer.body().path("id"), older.body().path("id"));
		assertThat(page.path("totalElements").asInt()).isEqualTo(2);

		assertThat(get("/v1/grants?accountId=" + hub + "&recipe=vpc-backup").body().path("grants")).hasSize(1);
		assertThat(get("/v1/grants?accountId=" + hub + "&status=FAILED").body().path("grants")).isEmpty();
		assertThat(get("/v1/grants?accountId=" + hub + "&size=1&page=1").body().path("grants").path(0).path("id"))
			.isEqualTo(older.body().path("id"));
	}

	@Test
	void plansWithoutRecordingOrChangingAnythingInIam() {
		long grantsBefore = db.sql("select count(*) from grants").query(Long.class).single();

		Answer plan = post("/v1/plans",
				Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", newAccount())));

		assertThat(plan.status()).isEqualTo(200);
		assertThat(plan.body().path("policies")).hasSize(4)
			.allSatisfy(policy -> assertThat(policy.path("inIam").asString()).isEqualTo("ABSENT"));
		assertThat(db.sql("select count(*) from grants").query(Long.class).single()).isEqualTo(grantsBefore);
		assertThat(iam.received()).filteredOn(r -> r.path().startsWith("/v1/"))
			.extracting(r -> r.method())
			.containsOnly("GET");
	}

	@Test
	void plansReportWhichPoliciesIamAlreadyHas() {
		String account = newAccount();
		JsonNode first = post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)))
			.body();
		String existing = iam.givenPolicy(first.path("policies").path(3).path("document"));

		JsonNode plan = post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)))
			.body();

		assertThat(plan.path("policies").valueStream().map(p -> p.path("inIam").asString()).toList())
			.containsExactly("ABSENT", "ABSENT", "ABSENT", "PRESENT");
		assertThat(plan.path("policies").path(3).path("iamPolicyId").asString()).isEqualTo(existing);
	}

	@Test
	void refusesBadIntentsWithProblemDetailsAndRecordsNothing() {
		long grantsBefore = db.sql("select count(*) from grants").query(Long.class).single();

		Answer answer = post("/v1/grants", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", "ABC")));

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.contentType()).isEqualTo("application/problem+json");
		assertThat(answer.body().path("errors").path(0).path("field").asString()).isEqualTo("parameters.accountId");
		assertThat(db.sql("select count(*) from grants").query(Long.class).single()).isEqualTo(grantsBefore);
	}

	private String status(String id) {
		return get("/v1/grants/" + id).body().path("status").asString();
	}

	private static Map<String, String> attributes(JsonNode holder) {
		Map<String, String> attributes = new LinkedHashMap<>();
		holder.path("attributes").forEach(a -> attributes.put(a.path("name").asString(), a.path("value").asString()));
		return attributes;
	}

}

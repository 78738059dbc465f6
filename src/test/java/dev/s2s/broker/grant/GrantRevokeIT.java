package dev.s2s.broker.grant;

import java.time.Duration;
import java.util.Map;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revoking grants: IAM policies deleted, adopted ones kept unless asked, failures
 * recorded and retried.
 */
class GrantRevokeIT extends BrokerIT {

	@Test
	void revokeDeletesTheCreatedPoliciesKeepsTheGrantReadableAndFreesTheIntent() {
		String account = newAccount();
		JsonNode granted = grantBackup(account);
		String id = granted.path("id").asString();

		Answer revoked = delete("/v1/grants/" + id, "Prefer", "wait=20");

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.body().path("status").asString()).isEqualTo("REVOKED");
		assertThat(revoked.body().path("policies"))
			.allSatisfy(p -> assertThat(p.path("status").asString()).isEqualTo("DELETED"));
		assertThat(iam.policiesIn(account)).isEmpty();
		assertThat(get("/v1/grants/" + id).body().path("status").asString()).isEqualTo("REVOKED");
		assertThat(get("/v1/grants/" + id + "/attempts").body()
			.valueStream()
			.filter(a -> a.path("operation").asString().equals("delete_policy"))).hasSize(4);

		JsonNode fresh = grantBackup(account);

		assertThat(fresh.path("id")).isNotEqualTo(granted.path("id"));
		assertThat(iam.policiesIn(account)).hasSize(4);
	}

	@Test
	void revokingAgainChangesNothing() {
		String id = grantBackup(newAccount()).path("id").asString();
		delete("/v1/grants/" + id, "Prefer", "wait=20");
		long deletesAfterFirst = policyDeletesReceived();
		JsonNode revoked = get("/v1/grants/" + id).body();
		JsonNode attempts = get("/v1/grants/" + id + "/attempts").body();

		Answer again = delete("/v1/grants/" + id, "Prefer", "wait=20");

		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body().path("status").asString()).isEqualTo("REVOKED");
		assertThat(deletesAfterFirst).isEqualTo(4);
		assertThat(policyDeletesReceived()).as("deletes IAM received").isEqualTo(deletesAfterFirst);
		assertThat(get("/v1/grants/" + id).body()).isEqualTo(revoked);
		assertThat(get("/v1/grants/" + id + "/attempts").body()).isEqualTo(attempts);
	}

	@Test
	void keepsPoliciesTheGrantOnlyAdoptedUnlessAskedToIncludeThem() {
		String account = newAccount();
		String adopted = iam.givenPolicy(plan(account).path("policies").path(1).path("document"));
		String id = grantBackup(account).path("id").asString();

		JsonNode revoked = delete("/v1/grants/" + id, "Prefer", "wait=20").body();

		assertThat(revoked.path("policies").path(1).path("status").asString()).isEqualTo("RETAINED");
		assertThat(iam.policiesIn(account)).singleElement()
			.satisfies(policy -> assertThat(policy.path("id").asString()).isEqualTo(adopted));

		String other = newAccount();
		iam.givenPolicy(plan(other).path("policies").path(1).path("document"));
		String second = grantBackup(other).path("id").asString();

		JsonNode all = delete("/v1/grants/" + second + "?includeAdopted=true", "Prefer", "wait=20").body();

		assertThat(all.path("status").asString()).isEqualTo("REVOKED");
		assertThat(iam.policiesIn(other)).isEmpty();
	}

	@Test
	void countsAPolicyAlreadyDeletedInIamAsDone() {
		String account = newAccount();
		JsonNode granted = grantBackup(account);
		iam.removePolicy(granted.path("policies").path(0).path("iamPolicyId").asString());

		JsonNode revoked = delete("/v1/grants/" + granted.path("id").asString(), "Prefer", "wait=20").body();

		assertThat(revoked.path("status").asString()).isEqualTo("REVOKED");
		assertThat(iam.policiesIn(account)).isEmpty();
	}

	@Test
	void recordsAFailedDeleteAndRetriesItOnRequest() {
		String account = newAccount();
		String id = grantBackup(account).path("id").asString();
		iam.failNext(Operation.DELETE_POLICY, Fault.status(503), Fault.status(403));

		JsonNode failed = delete("/v1/grants/" + id, "Prefer", "wait=20").body();

		assertThat(failed.path("status").asString()).isEqualTo("REVOKE_FAILED");
		JsonNode refused = failed.path("policies")
			.valueStream()
			.filter(p -> p.path("status").asString().equals("FAILED"))
			.findFirst()
			.orElseThrow();
		assertThat(refused.path("lastError").path("status").asInt()).isEqualTo(403);
		assertThat(refused.path("iamPolicyId").asString()).isNotEmpty();
		assertThat(iam.policiesIn(account)).hasSize(1);

		Answer retried = post("/v1/grants/" + id + "/retry", "", "Prefer", "wait=20");

		assertThat(retried.body().path("status").asString()).isEqualTo("REVOKED");
		assertThat(iam.policiesIn(account)).isEmpty();
	}

	@Test
	void refusesToRevokeAGrantStillBeingSubmitted() {
		iam.failNext(Operation.CREATE_POLICY, Fault.latency(Duration.ofSeconds(2)));
		String id = post("/v1/backup-authorizations", Map.of("accountId", newAccount())).body().path("id").asString();

		Answer revoke = delete("/v1/grants/" + id);

		assertThat(revoke.status()).isEqualTo(409);
		assertThat(revoke.contentType()).isEqualTo("application/problem+json");
		awaitFinal(id);
	}

	@Test
	void disablesBackupForAnAccountThroughTheShortcut() {
		String account = newAccount();
		grantBackup(account);

		Answer disabled = delete("/v1/backup-authorizations/" + account, "Prefer", "wait=20");

		assertThat(disabled.body().path("status").asString()).isEqualTo("REVOKED");
		assertThat(iam.policiesIn(account)).isEmpty();
		assertThat(delete("/v1/backup-authorizations/" + account).status()).isEqualTo(404);
		assertThat(delete("/v1/backup-authorizations/not-an-account").status()).isEqualTo(400);
	}

	@Test
	void unbindsDnsThroughTheShortcut() {
		String spoke = newAccount();
		String hub = newAccount();
		String vpc = "r006-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
		post("/v1/dns-sharing-authorizations", Map.of("spokeAccountId", spoke, "hubAccountId", hub, "hubVpcId", vpc),
				"Prefer", "wait=20");

		Answer unbound = delete(
				"/v1/dns-sharing-authorizations?spokeAccountId=" + spoke + "&hubAccountId=" + hub + "&hubVpcId=" + vpc,
				"Prefer", "wait=20");

		assertThat(unbound.body().path("status").asString()).isEqualTo("REVOKED");
		assertThat(iam.policiesIn(hub)).isEmpty();
	}

	private JsonNode grantBackup(String account) {
		Answer answer = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");
		assertThat(answer.body().path("status").asString()).isEqualTo("SUCCEEDED");
		return answer.body();
	}

	private static long policyDeletesReceived() {
		return iam.received()
			.stream()
			.filter(request -> request.method().equals("DELETE") && request.path().startsWith("/v1/policies/"))
			.count();
	}

	private JsonNode plan(String account) {
		return post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account))).body();
	}

	private void awaitFinal(String id) {
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> get("/v1/grants/" + id).body().path("status").asString().equals("SUCCEEDED"));
	}

}

package dev.s2s.broker.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.Intent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Verify, drift and repair: finding out when someone changed IAM behind the broker's
 * back.
 */
class GrantDriftIT extends BrokerIT {

	@Test
	void verifyFindsEveryPolicyInSyncAfterAGrant() {
		String id = grantBackup(newAccount()).path("id").asString();

		Answer verification = post("/v1/grants/" + id + "/verify", "");

		assertThat(verification.status()).isEqualTo(200);
		assertThat(verification.body().path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(verification.body().path("policies")).hasSize(4)
			.allSatisfy(p -> assertThat(p.path("drift").asString()).isEqualTo("IN_SYNC"));
	}

	@Test
	void verifyReportsPoliciesDeletedOrStrippedOfARoleOutOfBandAndRepairMendsBoth() {
		String account = newAccount();
		JsonNode granted = grantBackup(account);
		String id = granted.path("id").asString();
		String deleted = granted.path("policies").path(0).path("iamPolicyId").asString();
		String changed = granted.path("policies").path(1).path("iamPolicyId").asString();
		List<String> intended = iam.rolesOf(changed);
		iam.removePolicy(deleted);
		iam.changeRole(changed, "crn:v1:bluemix:public:iam::::role:Administrator");

		JsonNode verification = post("/v1/grants/" + id + "/verify", "").body();

		assertThat(verification.path("status").asString()).isEqualTo("DRIFTED");
		// Issue 20: a role replaced by hand is a role removed; repair adds it back.
		assertThat(verification.path("policies").valueStream().map(p -> p.path("drift").asString()).toList())
			.containsExactly("MISSING", "ROLES_MISSING", "IN_SYNC", "IN_SYNC");
		assertThat(verification.path("policies").path(1).path("detail").asString()).contains(intended.get(0));
		assertThat(get("/v1/grants/" + id).body().path("status").asString()).isEqualTo("DRIFTED");

		Answer repaired = post("/v1/grants/" + id + "/repair", "", "Prefer", "wait=20");

		assertThat(repaired.body().path("policies").path(0).path("status").asString()).isEqualTo("CREATED");
		assertThat(repaired.body().path("policies").path(0).path("iamPolicyId").asString()).isNotEqualTo(deleted);
		assertThat(repaired.body().path("policies").path(1).path("iamPolicyId").asString()).isEqualTo(changed);
		assertThat(iam.rolesOf(changed)).as("the role added back; the one someone added kept")
			.containsAll(intended)
			.contains("crn:v1:bluemix:public:iam::::role:Administrator");
		assertThat(repaired.body().path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(iam.policiesIn(account)).hasSize(4);
	}

	@Test
	void refusesToVerifyOrRepairWhatCannotBe() {
		String id = grantBackup(newAccount()).path("id").asString();

		assertThat(post("/v1/grants/" + id + "/repair", "").status()).isEqualTo(409);
		delete("/v1/grants/" + id, "Prefer", "wait=20");
		assertThat(post("/v1/grants/" + id + "/verify", "").status()).isEqualTo(409);
	}

	@Test
	void theReconcilerFindsDriftOnItsOwn() {
		try (ConfigurableApplicationContext broker = BrokerIT.startBroker(TestDatabase.get("s2s_it_reconciler"),
				Map.of("broker.reconciler.enabled", "true", "broker.reconciler.interval", "300ms",
						"broker.reconciler.batch-size", "5"))) {
			GrantService grants = broker.getBean(GrantService.class);
			UUID id = asTestCaller(
					() -> grants.request(new Intent("vpc-backup", Map.of("accountId", newAccount())), GrantMode.CREATE)
						.grant()
						.id());
			Grant done = grants.awaitFinal(id, Instant.now().plusSeconds(20)).orElseThrow();
			assertThat(done.status()).isEqualTo(GrantStatus.SUCCEEDED);

			iam.removePolicy(done.policies().get(3).iamPolicyId());

			await().atMost(Duration.ofSeconds(20))
				.until(() -> asTestCaller(() -> grants.find(id)).status() == GrantStatus.DRIFTED);
			assertThat(asTestCaller(() -> grants.find(id)).policies().get(3).drift()).isEqualTo(Drift.MISSING);
		}
	}

	private JsonNode grantBackup(String account) {
		Answer answer = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");
		assertThat(answer.body().path("status").asString()).isEqualTo("SUCCEEDED");
		return answer.body();
	}

}

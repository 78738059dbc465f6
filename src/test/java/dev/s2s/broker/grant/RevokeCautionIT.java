package dev.s2s.broker.grant;

import java.util.Map;

import dev.s2s.broker.BrokerIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A grant whose recipe carries a revoke caution (every key management authorization) is
 * revoked only when the request acknowledges the caution (issue 23, item 2).
 */
class RevokeCautionIT extends BrokerIT {

	@Test
	void refusesToRevokeAKeyAuthorizationUntilTheCautionIsAcknowledged() {
		String account = newAccount();
		Map<String, Object> intent = Map.of("recipe", "cos-encryption", "parameters",
				Map.of("accountId", account, "keyService", "kms"));
		Answer plan = post("/v1/plans", intent);
		Answer granted = post("/v1/grants", intent, "Prefer", "wait=20");
		String id = granted.body().path("id").asString();

		Answer refused = delete("/v1/grants/" + id, "Prefer", "wait=20");

		assertThat(plan.body().path("revokeCaution").asString()).contains("deregistration");
		assertThat(granted.status()).as(granted.body().toString()).isEqualTo(201);
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.body().path("type").asString()).isEqualTo("urn:s2s-broker:problem:revoke-caution");
		assertThat(refused.body().path("detail").asString()).contains("cos-encryption", "Delete them first",
				"acknowledgeRevokeCaution=true");
		assertThat(iam.policiesIn(account)).hasSize(1);
		assertThat(get("/v1/grants/" + id).body().path("status").asString()).isEqualTo("SUCCEEDED");

		Answer revoked = delete("/v1/grants/" + id + "?acknowledgeRevokeCaution=true", "Prefer", "wait=20");

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.body().path("status").asString()).isEqualTo("REVOKED");
		assertThat(iam.policiesIn(account)).isEmpty();
		JsonNode again = delete("/v1/grants/" + id, "Prefer", "wait=20").body();
		assertThat(again.path("status").asString()).as("a revoked grant answers as always").isEqualTo("REVOKED");
	}

}

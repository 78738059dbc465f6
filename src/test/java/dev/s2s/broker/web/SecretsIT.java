package dev.s2s.broker.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IAM API key and every IAM token stay secret: a full grant with failures, retries, a
 * token refresh and a revoke leaves no trace of them in the logs, the database or any API
 * response.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsIT extends BrokerIT {

	@Test
	void neitherTheApiKeyNorAnyTokenAppearsInLogsRowsOrResponses(CapturedOutput logs) {
		List<String> responses = new ArrayList<>();
		String account = newAccount();
		iam.expireTokens();
		iam.failNext(Operation.CREATE_POLICY, Fault.tooManyRequests(1), Fault.status(503), Fault.dropConnection(),
				Fault.status(400));
		Answer failed = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=30",
				"Idempotency-Key", UUID.randomUUID().toString());
		responses.add(failed.response().headers().map() + failed.body().toString());
		String id = failed.body().path("id").asString();
		iam.expireTokens();
		Answer retried = post("/v1/grants/" + id + "/retry", "", "Prefer", "wait=30");
		responses.add(retried.response().headers().map() + retried.body().toString());
		responses.add(get("/v1/grants/" + id + "/attempts").body().toString());
		responses.add(post("/v1/grants/" + id + "/verify", "").body().toString());
		responses
			.add(post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account))).body()
				.toString());
		Answer revoked = delete("/v1/grants/" + id, "Prefer", "wait=30");
		responses.add(revoked.body().toString());
		assertThat(revoked.body().path("status").asString()).as("the scenario ran to its end").isEqualTo("REVOKED");

		String rows = String.join("\n", db.sql("select * from grants").query().listOfRows().toString(),
				db.sql("select * from grant_policies").query().listOfRows().toString(),
				db.sql("select * from submission_attempts").query().listOfRows().toString(),
				db.sql("select * from idempotency_keys").query().listOfRows().toString(),
				db.sql("select * from audit_events").query().listOfRows().toString());
		List<String> secrets = new ArrayList<>(iam.issuedTokens());
		secrets.add(iam.apiKey());

		assertThat(iam.issuedTokens()).as("tokens were issued, and refreshed").hasSizeGreaterThan(1);
		assertThat(logs.getAll()).as("the logs were captured").contains("Submission s2s-" + id);
		assertThat(rows).contains(id);
		for (String secret : secrets) {
			assertThat(logs.getAll()).doesNotContain(secret);
			assertThat(rows).doesNotContain(secret);
			assertThat(String.join("\n", responses)).doesNotContain(secret);
		}
	}

}

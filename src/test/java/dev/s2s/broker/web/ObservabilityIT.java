package dev.s2s.broker.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health groups for Kubernetes probes, and the Prometheus metrics platform teams watch.
 */
class ObservabilityIT extends BrokerIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void readinessChecksTheDatabaseAndLivenessOnlyTheProcess() throws Exception {
		JsonNode readiness = json.readTree(call(port, "/actuator/health/readiness", null).body());
		JsonNode liveness = json.readTree(call(port, "/actuator/health/liveness", null).body());

		assertThat(readiness.path("status").asString()).isEqualTo("UP");
		assertThat(readiness.path("components").has("db")).isTrue();
		assertThat(readiness.path("components").has("iamToken")).isFalse();
		assertThat(liveness.path("status").asString()).isEqualTo("UP");
		assertThat(call(port, "/actuator/health/iam", null).statusCode()).isEqualTo(200);
	}

	@Test
	void anIamOutageShowsInItsOwnIndicatorButLeavesThePodReady() throws Exception {
		try (ConfigurableApplicationContext broker = BrokerIT.startBroker(TestDatabase.get("s2s_it_health"),
				Map.of("broker.iam.api-key", "a-key-iam-does-not-know", "broker.worker.enabled", "false"))) {
			int brokerPort = ((WebServerApplicationContext) broker).getWebServer().getPort();

			assertThat(call(brokerPort, "/actuator/health/iam", null).statusCode()).isEqualTo(503);
			assertThat(call(brokerPort, "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
			assertThat(call(brokerPort, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void exposesGrantAndIamMetricsToAuthenticatedScrapers() throws Exception {
		iam.failNext(Operation.CREATE_POLICY, Fault.tooManyRequests(1));
		String id = post("/v1/backup-authorizations", Map.of("accountId", newAccount()), "Prefer", "wait=20").body()
			.path("id")
			.asString();
		post("/v1/grants/" + id + "/verify", "");

		assertThat(call(port, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
		HttpResponse<String> scrape = call(port, "/actuator/prometheus", bearer());

		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains(
				"s2s_iam_requests_seconds_count{operation=\"create_policy\",outcome=\"throttled\",status=\"429\"}",
				"s2s_iam_requests_seconds_count{operation=\"create_policy\",outcome=\"success\",status=\"201\"}",
				"s2s_iam_requests_seconds_bucket{", "s2s_iam_retries_total", "s2s_iam_concurrency_limit",
				"s2s_grants{recipe=\"vpc-backup\",status=\"SUCCEEDED\"}", "s2s_pending_policies",
				"s2s_pending_oldest_age_seconds", "s2s_drift_found_total");
		assertThat(scrape.body()).doesNotContain(iam.apiKey());
	}

	@Test
	void refusesScrapersWithoutAMetricsRuleAndAuditsTheRefusal() throws Exception {
		String stranger = "ServiceId-any-ibm-cloud-identity";

		HttpResponse<String> scrape = call(port, "/actuator/prometheus", "Bearer " + iam.tokenFor(stranger));
		HttpResponse<String> backupTeam = call(port, "/actuator/prometheus", "Bearer " + iam.tokenFor(BACKUP_TEAM));

		assertThat(scrape.statusCode()).isEqualTo(403);
		assertThat(scrape.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(scrape.body()).doesNotContain("s2s_");
		assertThat(backupTeam.statusCode()).as("a rule without METRICS").isEqualTo(403);
		assertThat(db
			.sql("select count(*) from audit_events where caller = ? and operation = 'METRICS' "
					+ "and outcome = 'DENIED'")
			.param("iam-" + stranger)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private HttpResponse<String> call(int port, String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

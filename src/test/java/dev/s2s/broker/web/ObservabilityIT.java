package dev.s2s.broker.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health groups for Kubernetes probes, and the Prometheus metrics platform teams watch.
 */
class ObservabilityIT extends BrokerIT {

	/** A metric of PromQL, with its matchers if it has any. */
	private static final Pattern SELECTOR = Pattern.compile("\\b((?:s2s|http)_[a-z0-9_]+)(?:\\{([^}]*)})?");

	private static final Pattern LABEL_MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

	private static final Pattern GROUPING = Pattern.compile("\\bby \\(([^)]*)\\)");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void readinessChecksTheDatabaseAndLivenessOnlyTheProcess() throws Exception {
		JsonNode readiness = json.readTree(call(port, "/actuator/health/readiness", bearer()).body());
		JsonNode liveness = json.readTree(call(port, "/actuator/health/liveness", null).body());

		assertThat(readiness.path("status").asString()).isEqualTo("UP");
		assertThat(readiness.path("components").has("database")).isTrue();
		assertThat(readiness.path("components").has("iamToken")).isFalse();
		assertThat(liveness.path("status").asString()).isEqualTo("UP");
		assertThat(call(port, "/actuator/health/iam", null).statusCode()).isEqualTo(200);
	}

	@Test
	void healthShowsItsComponentsOnlyToACallerARuleMatches() throws Exception {
		JsonNode anonymous = json.readTree(call(port, "/actuator/health", null).body());
		JsonNode stranger = json.readTree(
				call(port, "/actuator/health", "Bearer " + iam.tokenFor("ServiceId-any-ibm-cloud-identity")).body());
		JsonNode caller = json.readTree(call(port, "/actuator/health", bearer()).body());

		assertThat(anonymous.path("status").asString()).isEqualTo("UP");
		assertThat(anonymous.has("components")).isFalse();
		assertThat(stranger.has("components")).as("a valid token of no rule").isFalse();
		assertThat(caller.path("components").has("database")).isTrue();
		assertThat(caller.path("components").has("iamToken")).isTrue();
	}

	@Test
	void healthReadsIamsLastKnownStateAndNeverAsksIamItself() throws Exception {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> json.readTree(call(port, "/actuator/health/iam", bearer()).body())
				.path("components")
				.path("iamToken")
				.has("details"));
		iam.reset();

		for (int i = 0; i < 20; i++) {
			call(port, "/actuator/health", null);
			call(port, "/actuator/health/iam", null);
		}

		assertThat(iam.received()).as("no token request for health").isEmpty();
	}

	@Test
	void anIamOutageShowsInItsOwnIndicatorButLeavesThePodReady() throws Exception {
		try (ConfigurableApplicationContext broker = BrokerIT.startBroker(TestDatabase.get("s2s_it_health"),
				Map.of("broker.iam.api-key", "a-key-iam-does-not-know", "broker.worker.enabled", "false"))) {
			int brokerPort = ((WebServerApplicationContext) broker).getWebServer().getPort();

			// Health reads the last known state; the broker asks IAM once it is ready.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> call(brokerPort, "/actuator/health/iam", null).statusCode() == 503);
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

	/**
	 * The Grafana dashboard the Helm chart ships asks only for series the broker exposes:
	 * every metric its PromQL selects, every label it matches or groups by, and every
	 * label value it names literally. A renamed metric or tag fails here, not on a blank
	 * panel in production.
	 */
	@Test
	void theGrafanaDashboardAsksOnlyForSeriesTheBrokerExposes() throws Exception {
		post("/v1/backup-authorizations", Map.of("accountId", newAccount()), "Prefer", "wait=20");
		get("/v1/grants?size=1");
		Map<String, Map<String, Set<String>>> exposed = series(call(port, "/actuator/prometheus", bearer()).body());
		JsonNode dashboard = json.readTree(Files.readString(Path.of("helm/s2s-broker/dashboards/s2s-broker.json")));
		List<String> expressions = new ArrayList<>();
		dashboard.path("panels")
			.forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asString())));
		dashboard.path("templating").path("list").forEach(variable -> {
			if (variable.path("query").has("query")) {
				expressions.add(variable.path("query").path("query").asString());
			}
		});

		assertThat(expressions).hasSizeGreaterThan(10).allSatisfy(expression -> {
			Matcher selector = SELECTOR.matcher(expression);
			Set<String> labels = new HashSet<>();
			int selectors = 0;
			while (selector.find()) {
				selectors++;
				String metric = selector.group(1);
				assertThat(exposed).as("%s: metric %s", expression, metric).containsKey(metric);
				labels.addAll(exposed.get(metric).keySet());
				Matcher matcher = LABEL_MATCHER.matcher(selector.group(2) == null ? "" : selector.group(2));
				while (matcher.find()) {
					String label = matcher.group(1);
					if (label.equals("job")) {
						continue;
					}
					assertThat(exposed.get(metric)).as("%s: label %s of %s", expression, label, metric)
						.containsKey(label);
					if (!matcher.group(2).contains("~") || matcher.group(3).matches("[A-Za-z0-9_|]+")) {
						assertThat(exposed.get(metric).get(label)).as("%s: %s values", expression, label)
							.contains(matcher.group(3).split("\\|"));
					}
				}
			}
			assertThat(selectors).as(expression).isPositive();
			Matcher grouping = GROUPING.matcher(expression);
			while (grouping.find()) {
				for (String label : grouping.group(1).split(",")) {
					assertThat(labels).as("%s: grouped by %s", expression, label.strip()).contains(label.strip());
				}
			}
		});
	}

	/** Metric name to label name to the values it has, from Prometheus' text format. */
	private static Map<String, Map<String, Set<String>>> series(String scrape) {
		Map<String, Map<String, Set<String>>> series = new HashMap<>();
		Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+$");
		scrape.lines().map(sample::matcher).filter(Matcher::matches).forEach(line -> {
			Map<String, Set<String>> labels = series.computeIfAbsent(line.group(1), name -> new HashMap<>());
			Matcher label = LABEL_MATCHER.matcher(line.group(2) == null ? "" : line.group(2));
			while (label.find()) {
				labels.computeIfAbsent(label.group(1), name -> new HashSet<>()).add(label.group(3));
			}
		});
		return series;
	}

	private HttpResponse<String> call(int port, String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

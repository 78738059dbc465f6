package dev.s2s.broker.grant;

import java.util.UUID;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Batches of intents: validated all-or-nothing, one grant each, IAM never hammered. */
class GrantBatchIT extends BrokerIT {

	private static final String HUB_VPC = "r006-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

	@Test
	void onboardsManyAccountsInOneRequest() {
		List<Map<String, Object>> intents = new ArrayList<>();
		List<String> accounts = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			String account = newAccount();
			accounts.add(account);
			intents.add(Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)));
		}
		String hub = newAccount();
		intents.add(Map.of("recipe", "vpe-dns-sharing", "parameters",
				Map.of("spokeAccountId", accounts.get(0), "hubAccountId", hub, "hubVpcId", HUB_VPC)));
		intents.add(intents.get(5));

		Answer accepted = post("/v1/grant-batches", Map.of("intents", intents));

		assertThat(accepted.status()).isEqualTo(202);
		assertThat(accepted.header("Location")).isEqualTo("/v1/grant-batches/" + accepted.body().path("id").asString());
		assertThat(accepted.body().path("grants")).hasSize(62);
		assertThat(accepted.body().path("grants").path(61).path("grantId")).as("the same intent twice is one grant")
			.isEqualTo(accepted.body().path("grants").path(5).path("grantId"));
		String batch = "/v1/grant-batches/" + accepted.body().path("id").asString();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> get(batch).body().path("status").asString().equals("SUCCEEDED"));
		JsonNode done = get(batch).body();
		assertThat(done.path("counts").path("SUCCEEDED").asInt()).isEqualTo(62);
		assertThat(accounts).allSatisfy(account -> assertThat(iam.policiesIn(account)).hasSize(4));
		assertThat(iam.policiesIn(hub)).hasSize(1);
	}

	@Test
	void refusesTheWholeBatchNamingEveryBadIntentAndRecordsNothing() {
		long grantsBefore = db.sql("select count(*) from grants").query(Long.class).single();
		List<Map<String, Object>> intents = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			intents.add(Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", newAccount())));
		}
		intents.set(3, Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", "ABC")));
		intents.set(7, Map.of("recipe", "no-such-recipe", "parameters", Map.of()));

		Answer refused = post("/v1/grant-batches", Map.of("intents", intents));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body().path("errors").valueStream().map(e -> e.path("field").asString()).toList())
			.containsExactly("intents[3].parameters.accountId", "intents[7].recipe");
		assertThat(db.sql("select count(*) from grants").query(Long.class).single()).isEqualTo(grantsBefore);
		assertThat(iam.received()).filteredOn(r -> r.path().startsWith("/v1/")).isEmpty();
	}

	/**
	 * Issue 13: 1,000 intents with 50 bad parameters each (632 KB) produced a 6.8 MB 400.
	 */
	@Test
	void refusesAHugelyInvalidBatchListingTheFirstHundredFieldsAtFaultAndCountingTheRest() {
		Map<String, Object> badParameters = new LinkedHashMap<>();
		for (int p = 0; p < 50; p++) {
			badParameters.put("parameter" + p, "x");
		}
		List<Map<String, Object>> intents = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			intents.add(Map.of("recipe", "vpc-backup", "parameters", badParameters));
		}
		String body = json.writeValueAsString(Map.of("intents", intents));

		Answer refused = post("/v1/grant-batches", body);

		assertThat(refused.status()).isEqualTo(400);
		int violations = 1000 * (50 + 1); // 50 unknown parameters, and accountId missing
		SoftAssertions.assertSoftly(softly -> {
			softly.assertThat(refused.body().path("errors").size()).as("fields listed").isEqualTo(100);
			softly.assertThat(refused.body().path("errors").path(0).path("field").asString())
				.isEqualTo("intents[0].parameters.accountId");
			softly.assertThat(refused.body().path("moreErrors").asInt())
				.as("fields not listed")
				.isEqualTo(violations - 100);
			softly.assertThat(refused.body().path("detail").asString()).contains("first 100 of " + violations);
			softly.assertThat(refused.response().body().length())
				.as("bytes of the 400 to a %d-byte request", body.length())
				.isLessThan(20_000);
		});
	}

	@Test
	void refusesEmptyAndOversizedBatches() {
		List<Map<String, Object>> tooMany = new ArrayList<>();
		Map<String, Object> one = Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", newAccount()));
		for (int i = 0; i < 1001; i++) {
			tooMany.add(one);
		}

		assertThat(post("/v1/grant-batches", Map.of("intents", tooMany)).body()
			.path("errors")
			.path(0)
			.path("field")
			.asString()).isEqualTo("intents");
		assertThat(post("/v1/grant-batches", Map.of("intents", List.of())).status()).isEqualTo(400);
		assertThat(get("/v1/grant-batches/" + UUID.randomUUID()).status()).isEqualTo(404);
	}

	@Test
	void neverSendsMoreThanTheConcurrencyLimitToIamAtOnce() throws Exception {
		for (int i = 0; i < 24; i++) {
			iam.failNext(Operation.CREATE_POLICY, Fault.latency(Duration.ofMillis(150)));
		}
		try (ConfigurableApplicationContext broker = BrokerIT.startBroker(TestDatabase.get("s2s_it_limit"),
				Map.of("broker.worker.max-concurrency", "2"))) {
			StringBuilder intents = new StringBuilder();
			for (int i = 0; i < 6; i++) {
				intents.append(i == 0 ? "" : ",")
					.append("{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"" + newAccount() + "\"}}");
			}
			HttpResponse<String> posted = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://localhost:"
							+ broker.getEnvironment().getProperty("local.server.port") + "/v1/grant-batches"))
					.header("Authorization", bearer())
					.header("Content-Type", "application/json")
					.header("Prefer", "wait=60")
					.POST(HttpRequest.BodyPublishers.ofString("{\"intents\":[" + intents + "]}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode batch = json.readTree(posted.body());

			assertThat(batch.path("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(posted.headers().firstValue("Preference-Applied")).hasValue("wait=60");
			assertThat(iam.mostCreatingAtOnce()).isBetween(1, 2);
		}
	}

}

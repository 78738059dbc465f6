package dev.s2s.broker.access;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.BrokerIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deny by default: each caller may do only the operations, recipes and accounts its rule
 * allows; every grant, revoke and refusal is in the audit trail with the caller's
 * identity.
 */
class AuthorizationIT extends BrokerIT {

	private static final String ALLOWED = BACKUP_TEAM_ACCOUNTS.get(0);

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aCallerMayGrantWhatItsRuleAllowsAndTheGrantIsAudited() throws Exception {
		Answer cleared = delete("/v1/backup-authorizations/" + ALLOWED + "?includeAdopted=true", "Prefer", "wait=20");
		assertThat(cleared.status()).as("no live grant left on the team's account").isIn(200, 404);

		HttpResponse<String> granted = as(BACKUP_TEAM, "POST", "/v1/backup-authorizations",
				"{\"accountId\":\"" + ALLOWED + "\"}");
		HttpResponse<String> again = as(BACKUP_TEAM, "POST", "/v1/backup-authorizations",
				"{\"accountId\":\"" + ALLOWED + "\"}");

		assertThat(granted.statusCode()).as("a new grant").isEqualTo(202);
		assertThat(again.statusCode()).as("the same live intent").isEqualTo(200);
		String id = json.readTree(granted.body()).path("id").asString();
		assertThat(json.readTree(again.body()).path("id").asString()).isEqualTo(id);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> get("/v1/grants/" + id).body().path("status").asString(), "SUCCEEDED"::equals);
		JsonNode events = get("/v1/audit-events?grantId=" + id).body();
		assertThat(events).anySatisfy(event -> {
			assertThat(event.path("caller").asString()).isEqualTo("iam-" + BACKUP_TEAM);
			assertThat(event.path("operation").asString()).isEqualTo("GRANT");
			assertThat(event.path("outcome").asString()).isEqualTo("ALLOWED");
		});
	}

	@Test
	void aRuleMatchesTheTokensIamIdAloneNeverASubNamingAnotherIdentity() throws Exception {
		String forged = iam.tokenWithClaims("ServiceId-attacker", Map.of("sub", "iam-" + CALLER));

		HttpResponse<String> denied = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/recipes"))
				.header("Authorization", "Bearer " + forged)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(denied.statusCode()).as("the tests' caller's rule names its iam_id, which this token's sub copies")
			.isEqualTo(403);
		assertThat(json.readTree(denied.body()).path("detail").asString()).contains("iam-ServiceId-attacker");
	}

	@Test
	void aCallerNoRuleLetsPlanGrantOrBulkGrantIsRefusedBeforeItsIntentIsReadSoLearnsNothingOfTheCatalog()
			throws Exception {
		String nosuch = "{\"recipe\":\"nosuch\",\"parameters\":{}}";

		List<HttpResponse<String>> refused = List.of(as("ServiceId-nobody", "POST", "/v1/plans", nosuch),
				as("ServiceId-nobody", "POST", "/v1/grants", nosuch),
				as("ServiceId-nobody", "POST", "/v1/grant-batches", "{\"intents\":[" + nosuch + "]}"),
				as(BACKUP_TEAM, "POST", "/v1/plans", nosuch));

		assertThat(refused).allSatisfy(answer -> {
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
			assertThat(answer.body()).doesNotContain("vpc-backup", "account-id");
		});
	}

	@Test
	void refusesAnotherAccountSourceOrTargetAndRecordsTheRefusal() throws Exception {
		String other = newAccount();
		long grantsBefore = db.sql("select count(*) from grants").query(Long.class).single();

		HttpResponse<String> denied = as(BACKUP_TEAM, "POST", "/v1/backup-authorizations",
				"{\"accountId\":\"" + ALLOWED + "\",\"enterpriseAccountId\":\"" + other + "\"}");

		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(db.sql("select count(*) from grants").query(Long.class).single()).isEqualTo(grantsBefore);
		assertThat(get("/v1/audit-events?accountId=" + other).body()).singleElement().satisfies(event -> {
			assertThat(event.path("caller").asString()).isEqualTo("iam-" + BACKUP_TEAM);
			assertThat(event.path("outcome").asString()).isEqualTo("DENIED");
			assertThat(event.path("accounts")).hasSize(2);
		});
	}

	@Test
	void refusesRecipesAndOperationsTheRuleDoesNotName() throws Exception {
		String dns = "{\"spokeAccountId\":\"" + ALLOWED + "\",\"hubAccountId\":\"" + ALLOWED
				+ "\",\"hubVpcId\":\"r006-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\"}";
		assertThat(as(BACKUP_TEAM, "POST", "/v1/dns-sharing-authorizations", dns).statusCode()).isEqualTo(403);
		assertThat(as(BACKUP_TEAM, "POST", "/v1/plans",
				"{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"" + ALLOWED + "\"}}")
			.statusCode()).isEqualTo(403);
		assertThat(as(BACKUP_TEAM, "DELETE", "/v1/backup-authorizations/" + ALLOWED, null).statusCode()).isEqualTo(403);
		assertThat(as(BACKUP_TEAM, "POST", "/v1/grant-batches",
				"{\"intents\":[{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"" + ALLOWED + "\"}}]}")
			.statusCode()).isEqualTo(403);
		assertThat(as(BACKUP_TEAM, "GET", "/v1/recipes", null).statusCode()).isEqualTo(200);
	}

	@Test
	void deniesACallerNoRuleNames() throws Exception {
		assertThat(as("ServiceId-stranger", "GET", "/v1/recipes", null).statusCode()).isEqualTo(403);
		assertThat(as("ServiceId-stranger", "POST", "/v1/backup-authorizations", "{\"accountId\":\"" + ALLOWED + "\"}")
			.statusCode()).isEqualTo(403);
		assertThat(get("/v1/audit-events?caller=iam-ServiceId-stranger").body()).isNotEmpty()
			.allSatisfy(event -> assertThat(event.path("outcome").asString()).isEqualTo("DENIED"));
	}

	@Test
	void refusesAWholeBatchWhenOneIntentNamesAForbiddenAccount() throws Exception {
		long grantsBefore = db.sql("select count(*) from grants").query(Long.class).single();
		String intents = "{\"intents\":[{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"" + newAccount()
				+ "\"}},{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"" + newAccount() + "\"}}]}";

		HttpResponse<String> denied = as(BACKUP_TEAM, "POST", "/v1/grant-batches", intents);

		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(db.sql("select count(*) from grants").query(Long.class).single()).isEqualTo(grantsBefore);
	}

	@Test
	void recordsRevokesInTheAuditTrail() {
		String id = post("/v1/backup-authorizations", Map.of("accountId", newAccount()), "Prefer", "wait=20").body()
			.path("id")
			.asString();

		delete("/v1/grants/" + id, "Prefer", "wait=20");

		assertThat(get("/v1/audit-events?grantId=" + id).body().valueStream().map(e -> e.path("operation").asString()))
			.containsExactly("REVOKE", "GRANT");
	}

	private HttpResponse<String> as(String serviceId, String method, String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + iam.tokenFor(serviceId))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}

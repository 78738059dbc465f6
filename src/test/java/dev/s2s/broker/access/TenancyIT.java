package dev.s2s.broker.access;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenancy: a caller limited to some accounts neither sees nor touches what names other
 * accounts. A grant it may not read is "not found", exactly as one that does not exist;
 * an account it names itself but may not use is refused (403). Either way nothing reaches
 * IAM, the grant stays as it was, and a refused attempt is in the audit trail for callers
 * who may read that account.
 */
class TenancyIT extends BrokerIT {

	/** The account of the backup team: the one it may read and grant on. */
	private static final String A = BACKUP_TEAM_ACCOUNTS.get(0);

	private static final String GRANT_NOT_FOUND = "urn:s2s-broker:problem:grant-not-found";

	private static final String BATCH_NOT_FOUND = "urn:s2s-broker:problem:grant-batch-not-found";

	private final HttpClient http = HttpClient.newHttpClient();

	/** What the team must get when it names account B, or B's grant or batch. */
	enum Expected {

		/** 404, as for a grant that does not exist. */
		GRANT_NOT_FOUND,
		/** 404, as for a batch that does not exist. */
		BATCH_NOT_FOUND,
		/** 403: the team named the account itself. */
		FORBIDDEN,
		/** 200, a page of grants without any of B's. */
		GRANTS_WITHOUT_B,
		/** 200, audit events without any that names B. */
		EVENTS_WITHOUT_B

	}

	/**
	 * One request of the team. Its path and body may hold {@code {grant}},
	 * {@code {batch}} and {@code {account}}: B's grant, B's batch and B.
	 *
	 * @param deniedIsAudited whether the refusal must be in the audit trail as DENIED
	 */
	record Probe(String method, String path, String body, Expected expected, boolean deniedIsAudited) {

		String path(AccountB b) {
			return b.fill(path);
		}

		String body(AccountB b) {
			return body == null ? null : b.fill(body);
		}

	}

	/**
	 * Account B, with a grant (SUCCEEDED, 4 policies in IAM) and a batch naming it, all
	 * made by CALLER.
	 */
	record AccountB(String account, String grant, String batch) {

		String fill(String template) {
			return template.replace("{grant}", grant).replace("{batch}", batch).replace("{account}", account);
		}

	}

	static Stream<Arguments> everyEndpoint() {
		String intentOfB = "{\"intents\":[{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"{account}\"}}]}";
		return Stream.of(probe("GET", "/v1/grants/{grant}", null, Expected.GRANT_NOT_FOUND, false),
				probe("GET", "/v1/grants/{grant}/attempts", null, Expected.GRANT_NOT_FOUND, false),
				probe("POST", "/v1/grants/{grant}/retry", "", Expected.GRANT_NOT_FOUND, true),
				probe("POST", "/v1/grants/{grant}/verify", "", Expected.GRANT_NOT_FOUND, true),
				probe("POST", "/v1/grants/{grant}/repair", "", Expected.GRANT_NOT_FOUND, true),
				probe("DELETE", "/v1/grants/{grant}", null, Expected.GRANT_NOT_FOUND, true),
				probe("GET", "/v1/grant-batches/{batch}", null, Expected.BATCH_NOT_FOUND, false),
				probe("POST", "/v1/backup-authorizations", "{\"accountId\":\"{account}\"}", Expected.FORBIDDEN, true),
				probe("DELETE", "/v1/backup-authorizations/{account}", null, Expected.FORBIDDEN, true),
				probe("POST", "/v1/grant-batches", intentOfB, Expected.FORBIDDEN, true),
				probe("GET", "/v1/grants?size=100", null, Expected.GRANTS_WITHOUT_B, false),
				probe("GET", "/v1/grants?accountId={account}", null, Expected.GRANTS_WITHOUT_B, false),
				probe("GET", "/v1/audit-events", null, Expected.EVENTS_WITHOUT_B, false),
				probe("GET", "/v1/audit-events?accountId={account}", null, Expected.EVENTS_WITHOUT_B, false),
				probe("GET", "/v1/audit-events?grantId={grant}", null, Expected.EVENTS_WITHOUT_B, false),
				probe("GET", "/v1/accounts/{account}/authorizations", null, Expected.FORBIDDEN, true));
	}

	private static Arguments probe(String method, String path, String body, Expected expected,
			boolean deniedIsAudited) {
		return Arguments.of(method + " " + path, new Probe(method, path, body, expected, deniedIsAudited));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyEndpoint")
	void aCallerLimitedToOneAccountNeitherSeesNorTouchesAnotherAccountsGrant(String name, Probe probe) {
		AccountB b = accountB();
		String teamGrant = teamGrantsOnItsOwnAccount();
		JsonNode before = get("/v1/grants/" + b.grant()).body();
		long iamRequestsBefore = iamRequestsAbout(b);

		Answer answer = asTeam(probe.method(), probe.path(b), probe.body(b));

		String missing = UUID.randomUUID().toString();
		switch (probe.expected()) {
			case GRANT_NOT_FOUND -> assertLooksMissing(name, answer, b.grant(),
					asTeam(probe.method(), probe.path(b).replace(b.grant(), missing), probe.body(b)), missing,
					GRANT_NOT_FOUND);
			case BATCH_NOT_FOUND -> assertLooksMissing(name, answer, b.batch(),
					asTeam(probe.method(), probe.path(b).replace(b.batch(), missing), probe.body(b)), missing,
					BATCH_NOT_FOUND);
			case FORBIDDEN -> {
				assertThat(answer.status()).as("%s answered %s", name, answer.body()).isEqualTo(403);
				assertThat(answer.contentType()).isEqualTo("application/problem+json");
			}
			case GRANTS_WITHOUT_B -> {
				assertThat(answer.status()).as("%s answered %s", name, answer.body()).isEqualTo(200);
				assertThat(answer.body().path("grants")).filteredOn(grant -> names(grant, b)).isEmpty();
				if (!probe.path().contains("accountId")) {
					assertThat(answer.body().path("grants").valueStream().map(grant -> grant.path("id").asString()))
						.as("the team's own grant on A")
						.contains(teamGrant);
				}
				assertThat(get(probe.path(b)).body().path("grants").valueStream().map(g -> g.path("id").asString()))
					.as("what CALLER sees")
					.contains(b.grant());
			}
			case EVENTS_WITHOUT_B -> {
				assertThat(answer.status()).as("%s answered %s", name, answer.body()).isEqualTo(200);
				assertThat(answer.body()).filteredOn(event -> names(event, b)).isEmpty();
				assertThat(get(probe.path(b)).body()).as("what CALLER sees").anyMatch(event -> names(event, b));
			}
		}
		JsonNode after = get("/v1/grants/" + b.grant()).body();
		assertThat(after.path("status")).as("%s: B's grant", name).isEqualTo(before.path("status"));
		assertThat(after.path("updatedAt")).as("%s: B's grant", name).isEqualTo(before.path("updatedAt"));
		assertThat(after.path("policies")).as("%s: B's grant", name).isEqualTo(before.path("policies"));
		assertThat(iam.policiesIn(b.account())).as("%s: B's policies in IAM", name).hasSize(4);
		if (probe.deniedIsAudited()) {
			String where = probe.expected() == Expected.FORBIDDEN ? "accountId=" + b.account() : "grantId=" + b.grant();
			assertThat(get("/v1/audit-events?" + where).body()).as("%s: the refusal in the audit trail", name)
				.anySatisfy(event -> {
					assertThat(event.path("caller").asString()).isEqualTo("iam-" + BACKUP_TEAM);
					assertThat(event.path("outcome").asString()).isEqualTo("DENIED");
				});
		}
		assertThat(iamRequestsAbout(b)).as("%s: requests that reached IAM because of the team's", name)
			.isEqualTo(iamRequestsBefore);
	}

	@Test
	void aCallerSeesAGrantNamingSeveralAccountsOnlyIfItMayReadEveryOne() {
		String b2 = BACKUP_TEAM_ACCOUNTS.get(1);
		String within = grantedByCaller(Map.of("accountId", b2, "enterpriseAccountId", A));
		String straddling = grantedByCaller(Map.of("accountId", A, "enterpriseAccountId", newAccount()));

		assertThat(asTeam("GET", "/v1/grants/" + within, null).status()).isEqualTo(200);
		assertThat(asTeam("GET", "/v1/grants/" + straddling, null).status()).isEqualTo(404);
		assertThat(asTeam("GET", "/v1/grants?accountId=" + A + "&size=100", null).body()
			.path("grants")
			.valueStream()
			.map(grant -> grant.path("id").asString())).contains(within).doesNotContain(straddling);
		Answer events = asTeam("GET", "/v1/audit-events?accountId=" + A + "&size=500", null);
		assertThat(events.status()).as(events.body().toString()).isEqualTo(200);
		assertThat(events.body().valueStream().map(event -> event.path("grantId").asString())).contains(within)
			.doesNotContain(straddling);
	}

	@Test
	void retryingAFailedRevokeIsAuditedAsARevoke() {
		String account = newAccount();
		String id = grantedByCaller(Map.of("accountId", account));
		iam.failNext(Operation.DELETE_POLICY, Fault.status(403));
		assertThat(delete("/v1/grants/" + id, "Prefer", "wait=20").body().path("status").asString())
			.isEqualTo("REVOKE_FAILED");

		Answer retried = post("/v1/grants/" + id + "/retry", "", "Prefer", "wait=20");

		assertThat(retried.body().path("status").asString()).isEqualTo("REVOKED");
		JsonNode events = get("/v1/audit-events?grantId=" + id).body();
		assertThat(events.valueStream().map(event -> event.path("operation").asString())).as("newest first")
			.containsExactly("REVOKE", "REVOKE", "GRANT");
		assertThat(events.path(0).path("outcome").asString()).isEqualTo("ALLOWED");
	}

	/** Account B: a fresh account CALLER granted (SUCCEEDED) and named in a batch. */
	private AccountB accountB() {
		String account = newAccount();
		String grant = grantedByCaller(Map.of("accountId", account));
		Answer batch = post("/v1/grant-batches",
				Map.of("intents", List.of(Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)))));
		assertThat(batch.status()).as(batch.body().toString()).isIn(200, 202);
		assertThat(iam.policiesIn(account)).hasSize(4);
		return new AccountB(account, grant, batch.body().path("id").asString());
	}

	private String grantedByCaller(Map<String, String> parameters) {
		Answer granted = post("/v1/backup-authorizations", parameters, "Prefer", "wait=20");
		assertThat(granted.body().path("status").asString()).as(granted.body().toString()).isEqualTo("SUCCEEDED");
		return granted.body().path("id").asString();
	}

	/**
	 * The team's live grant on its own account A, new or found; finished before anything
	 * is counted.
	 */
	private String teamGrantsOnItsOwnAccount() {
		Answer granted = asTeam("POST", "/v1/backup-authorizations", "{\"accountId\":\"" + A + "\"}", "Prefer",
				"wait=20");
		assertThat(granted.status()).as(granted.body().toString()).isIn(200, 201);
		assertThat(granted.body().path("status").asString()).isEqualTo("SUCCEEDED");
		return granted.body().path("id").asString();
	}

	/**
	 * Requests that reached IAM, less the broker's fetches of IAM's signing keys: any
	 * caller's token check may refresh those.
	 */
	/**
	 * The requests IAM received that name B's account or one of B's policies. Work other
	 * cases left to the worker (a revoke answered 202, say) may still reach IAM, but
	 * never about B, a fresh account.
	 */
	private static long iamRequestsAbout(AccountB b) {
		List<String> names = Stream
			.concat(Stream.of(b.account()), iam.policiesIn(b.account()).stream().map(p -> p.path("id").asString()))
			.toList();
		return iam.received()
			.stream()
			.map(request -> request.path() + "?" + request.query() + " " + request.body())
			.filter(request -> names.stream().anyMatch(request::contains))
			.count();
	}

	/**
	 * A 404 for something hidden, indistinguishable from the 404 for something missing
	 * but for the id.
	 */
	private static void assertLooksMissing(String name, Answer hidden, String hiddenId, Answer missing,
			String missingId, String type) {
		assertThat(hidden.status()).as("%s answered %s", name, hidden.body())
			.isEqualTo(404)
			.isEqualTo(missing.status());
		assertThat(hidden.contentType()).isEqualTo("application/problem+json").isEqualTo(missing.contentType());
		assertThat(hidden.body().path("type").asString()).isEqualTo(type)
			.isEqualTo(missing.body().path("type").asString());
		assertThat(hidden.body().path("title")).isEqualTo(missing.body().path("title"));
		assertThat(hidden.body().path("detail").asString().replace(hiddenId, missingId))
			.isEqualTo(missing.body().path("detail").asString());
	}

	/** Whether a grant or an audit event names account B or B's grant. */
	private static boolean names(JsonNode item, AccountB b) {
		return item.path("id").asString().equals(b.grant()) || item.path("grantId").asString().equals(b.grant())
				|| item.path("accounts").valueStream().anyMatch(account -> account.asString().equals(b.account()));
	}

	private Answer asTeam(String method, String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.header("Authorization", "Bearer " + iam.tokenFor(BACKUP_TEAM));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode parsed = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
			return new Answer(response.statusCode(), response, parsed);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

package dev.s2s.broker.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.ApiDocument;
import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.s2s.broker.ApiDocument.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problems openapi.yaml shows as examples are the broker's own: each request here is
 * refused with the problem the document shows for its operation and status, word for word
 * but for the ids (the request's grant, account and caller read as the example's).
 */
class ProblemExamplesIT extends BrokerIT {

	private static final String GRANT = "6b933697-c7a5-4fb4-b053-6163dba2c484";

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String CALLER = "iam-ServiceId-5c3a9e2f-8b1d-4f6a-9e7c-2d4b6a8c0e13";

	private static Map<String, Object> paths;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void readTheDocument() {
		paths = map(ApiDocument.read().get("paths"));
	}

	@Test
	void refusalsOfTheRequestItself() {
		String unknown = UUID.randomUUID().toString();
		String account = newAccount();

		assertDocumented("get", "/v1/grants", "401", "unauthenticated",
				exchange("GET", "/v1/grants", null, "Authorization", "Bearer not-a-token"));
		assertDocumented("get", "/v1/grants", "400", "invalid-request", get("/v1/grants?size=0"));
		assertDocumented("get", "/v1/audit-events", "400", "invalid-request", get("/v1/audit-events?from=yesterday"));
		assertDocumented("get", "/v1/grants/{id}", "400", "invalid-request", get("/v1/grants/not-a-uuid"));
		assertDocumented("get", "/v1/recipes/{name}", "400", "invalid-request", get("/v1/recipes/vpc%2Fbackup"));
		assertDocumented("post", "/v1/backup-authorizations", "400", "invalid-request",
				post("/v1/backup-authorizations", Map.of("accountId", "0123")));
		assertDocumented("post", "/v1/dns-sharing-authorizations", "400", "invalid-request",
				post("/v1/dns-sharing-authorizations", Map.of("hubAccountId", "fedcba9876543210fedcba9876543210")));
		assertDocumented("post", "/v1/grants", "400", "invalid-request", post("/v1/grants",
				Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", "not-an-account"))));
		assertDocumented("post", "/v1/grant-batches", "400", "invalid-request", post("/v1/grant-batches",
				Map.of("intents", List.of(Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", "x"))))));
		assertDocumented("post", "/v1/grants", "415", "unsupported-media-type", exchange("POST", "/v1/grants",
				"recipe=vpc-backup", "Authorization", bearer(), "Content-Type", "text/plain"));
		assertDocumented("post", "/v1/grants", "413", "request-too-large",
				post("/v1/grants", "{\"recipe\": \"" + "a".repeat(1_100_000) + "\"}"));
		post("/v1/backup-authorizations", Map.of("accountId", account), "Idempotency-Key", unknown);
		assertDocumented("post", "/v1/backup-authorizations", "422", "idempotency-key-reused",
				post("/v1/backup-authorizations", Map.of("accountId", newAccount()), "Idempotency-Key", unknown));
	}

	@Test
	void refusalsOfWhatIsMissing() {
		String unknown = UUID.randomUUID().toString();
		String account = newAccount();

		assertDocumented("get", "/v1/grants/{id}", "404", "not-found", get("/v1/grants/" + unknown), unknown);
		assertDocumented("post", "/v1/grants/{id}/retry", "404", "not-found",
				post("/v1/grants/" + unknown + "/retry", ""), unknown);
		assertDocumented("get", "/v1/grant-batches/{id}", "404", "not-found", get("/v1/grant-batches/" + unknown),
				unknown);
		assertDocumented("get", "/v1/recipes/{name}", "404", "not-found", get("/v1/recipes/vpc-backups"));
		assertDocumented("delete", "/v1/backup-authorizations/{accountId}", "404", "not-found",
				delete("/v1/backup-authorizations/" + account), account);
		assertDocumented("delete", "/v1/dns-sharing-authorizations", "404", "not-found",
				delete("/v1/dns-sharing-authorizations?spokeAccountId=" + account
						+ "&hubAccountId=fedcba9876543210fedcba9876543210"
						+ "&hubVpcId=r006-7c1e5b0a-3d92-4f6e-a8b4-91c2d7e05f38"),
				account);
	}

	@Test
	void refusalsOfWhatAGrantsStateForbids() {
		String account = newAccount();
		String succeeded = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20").body()
			.path("id")
			.asString();
		iam.failNext(Operation.CREATE_POLICY, Fault.status(403));
		String failed = post("/v1/backup-authorizations", Map.of("accountId", newAccount()), "Prefer", "wait=20").body()
			.path("id")
			.asString();

		assertDocumented("post", "/v1/grants/{id}/retry", "409", "grant-state",
				post("/v1/grants/" + succeeded + "/retry", ""), succeeded);
		assertDocumented("post", "/v1/grants/{id}/verify", "409", "grant-state",
				post("/v1/grants/" + failed + "/verify", ""), failed);
		assertDocumented("post", "/v1/grants/{id}/repair", "409", "grant-state",
				post("/v1/grants/" + succeeded + "/repair", ""), succeeded);
	}

	@Test
	void refusalsOfAnAccountWhereTheBrokerHasNoIdentity() {
		String account = newAccount();
		iam.outsideTemplate(account);

		assertDocumented("get", "/v1/accounts/{accountId}/authorizations", "409", "no-identity-in-account",
				get("/v1/accounts/" + account + "/authorizations"), account);
	}

	@Test
	void refusalsOfWhatTheCallerMayNotDo() {
		String account = newAccount();

		assertDocumented(
				"post", "/v1/backup-authorizations", "403", "forbidden", post("/v1/backup-authorizations",
						Map.of("accountId", account), "Authorization", "Bearer " + iam.tokenFor(BACKUP_TEAM)),
				account, "iam-" + BACKUP_TEAM);
	}

	/** A request with exactly the headers given. */
	private Answer exchange(String method, String path, String body, String... headers) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.method(method,
						body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
			for (int i = 0; i < headers.length; i += 2) {
				request.header(headers[i], headers[i + 1]);
			}
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response, json.readTree(response.body()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The answer is the example {@code name} of the document's {@code status} of
	 * {@code method path}, once {@code ids} (a grant, an account, a caller) read as the
	 * example's.
	 */
	private static void assertDocumented(String method, String path, String status, String name, Answer answer,
			String... ids) {
		assertThat(answer.status()).as("%s %s answered %s", method, path, answer.body())
			.isEqualTo(Integer.parseInt(status));
		assertThat(answer.contentType()).isEqualTo("application/problem+json");
		String body = answer.body().toString();
		for (String id : ids) {
			body = body.replace(id, id.length() == 32 ? ACCOUNT : id.startsWith("iam-") ? CALLER : GRANT);
		}
		Map<String, Object> example = map(map(
				map(map(map(map(map(map(map(paths.get(path)).get(method)).get("responses")).get(status)).get("content"))
					.get("application/problem+json")).get("examples")).get(name))
			.get("value"));
		JsonNode expected = json.valueToTree(new LinkedHashMap<>(example));

		assertThat(json.readTree(body)).as("%s %s %s: the example %s", method, path, status, name).isEqualTo(expected);
	}

}

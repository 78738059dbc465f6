package dev.s2s.broker.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.s2s.broker.BrokerIT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input of every kind gets a 4xx RFC 9457 problem, never a 5xx or a stack trace, and
 * nothing already recorded is lost or changed by it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT extends BrokerIT {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String VPC = "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c";

	private final HttpClient http = HttpClient.newHttpClient();

	private String sentinel;

	private String sentinelBefore;

	private long rowsBefore;

	@BeforeAll
	void recordASentinelGrant() {
		sentinel = post("/v1/backup-authorizations", Map.of("accountId", newAccount()), "Prefer", "wait=20").body()
			.path("id")
			.asString();
		sentinelBefore = get("/v1/grants/" + sentinel).body().toString();
		rowsBefore = rows();
	}

	@AfterAll
	void nothingRecordedWasLostOrChanged() {
		assertThat(get("/v1/grants/" + sentinel).body().toString()).isEqualTo(sentinelBefore);
		assertThat(rows()).isEqualTo(rowsBefore);
	}

	Stream<Arguments> badRequests() {
		String hugeString = "a".repeat(20_000);
		StringBuilder deep = new StringBuilder();
		deep.append("{\"recipe\":\"vpc-backup\",\"parameters\":");
		deep.append("[".repeat(100)).append("]".repeat(100)).append('}');
		StringBuilder manyIntents = new StringBuilder("{\"intents\":[");
		for (int i = 0; i < 5000; i++) {
			manyIntents.append(i == 0 ? "" : ",")
				.append("{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"")
				.append(ACCOUNT)
				.append("\"}}");
		}
		manyIntents.append("]}");
		String backup = "/v1/backup-authorizations";
		List<Arguments> cases = new ArrayList<>(List.of(bad("empty body", "POST", backup, "application/json", ""),
				bad("not JSON", "POST", backup, "application/json", "hello"),
				bad("truncated JSON", "POST", backup, "application/json", "{\"accountId\":"),
				bad("JSON array instead of object", "POST", backup, "application/json", "[]"),
				bad("JSON string instead of object", "POST", backup, "application/json", "\"x\""),
				bad("JSON null", "POST", backup, "application/json", "null"),
				bad("trailing garbage", "POST", backup, "application/json", "{\"accountId\":\"" + ACCOUNT + "\"} x"),
				bad("single quotes", "POST", backup, "application/json", "{'accountId':'" + ACCOUNT + "'}"),
				bad("comment in JSON", "POST", backup, "application/json", "{/*x*/\"accountId\":\"" + ACCOUNT + "\"}"),
				bad("wrong content type text", "POST", backup, "text/plain", "{\"accountId\":\"" + ACCOUNT + "\"}"),
				bad("wrong content type form", "POST", backup, "application/x-www-form-urlencoded",
						"accountId=" + ACCOUNT),
				bad("wrong content type xml", "POST", backup, "application/xml", "<accountId/>"),
				bad("no content type", "POST", backup, null, "{\"accountId\":\"" + ACCOUNT + "\"}"),
				bad("unknown property", "POST", backup, "application/json",
						"{\"accountId\":\"" + ACCOUNT + "\",\"admin\":true}"),
				bad("duplicate key", "POST", backup, "application/json",
						"{\"accountId\":\"" + ACCOUNT + "\",\"accountId\":\"fedcba9876543210fedcba9876543210\"}"),
				bad("number for string", "POST", backup, "application/json", "{\"accountId\":123}"),
				bad("boolean for string", "POST", backup, "application/json", "{\"accountId\":true}"),
				bad("object for string", "POST", backup, "application/json", "{\"accountId\":{}}"),
				bad("array for string", "POST", backup, "application/json", "{\"accountId\":[\"" + ACCOUNT + "\"]}"),
				bad("missing account", "POST", backup, "application/json", "{}"),
				bad("null account", "POST", backup, "application/json", "{\"accountId\":null}"),
				bad("uppercase account", "POST", backup, "application/json",
						"{\"accountId\":\"" + ACCOUNT.toUpperCase() + "\"}"),
				bad("short account", "POST", backup, "application/json", "{\"accountId\":\"0123\"}"),
				bad("account with newline", "POST", backup, "application/json",
						"{\"accountId\":\"" + ACCOUNT + "\\n\"}"),
				bad("SQL injection in account", "POST", backup, "application/json",
						"{\"accountId\":\"' OR 1=1; DROP TABLE grants; --\"}"),
				bad("script in account", "POST", backup, "application/json",
						"{\"accountId\":\"<script>alert(1)</script>\"}"),
				bad("unicode lookalike digits", "POST", backup, "application/json",
						"{\"accountId\":\"０１２３４５６７８９abcdef0123456789abcdef\"}"),
				bad("zero-width space in account", "POST", backup, "application/json",
						"{\"accountId\":\"0123456789abcdef\u200b0123456789abcdef\"}"),
				bad("right-to-left override", "POST", backup, "application/json",
						"{\"accountId\":\"\u202e0123456789abcdef0123456789abcde\"}"),
				bad("NUL byte", "POST", backup, "application/json",
						"{\"accountId\":\"0123456789abcdef\\u00000123456789abcde\"}"),
				bad("huge string", "POST", backup, "application/json", "{\"accountId\":\"" + hugeString + "\"}"),
				bad("body over 1 MiB", "POST", "/v1/grants", "application/json",
						"{\"recipe\":\"vpc-backup\",\"parameters\":{\"x\":\"" + "y".repeat(2_000_000) + "\"}}"),
				bad("deep nesting", "POST", "/v1/grants", "application/json", deep.toString()),
				bad("unknown recipe", "POST", "/v1/grants", "application/json",
						"{\"recipe\":\"root-access\",\"parameters\":{}}"),
				bad("recipe with path traversal", "POST", "/v1/grants", "application/json",
						"{\"recipe\":\"../../etc/passwd\",\"parameters\":{}}"),
				bad("recipe as number", "POST", "/v1/grants", "application/json", "{\"recipe\":7,\"parameters\":{}}"),
				bad("parameters as array", "POST", "/v1/grants", "application/json",
						"{\"recipe\":\"vpc-backup\",\"parameters\":[]}"),
				bad("unexpected parameter", "POST", "/v1/grants", "application/json",
						"{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"" + ACCOUNT
								+ "\",\"role\":\"Administrator\"}}"),
				bad("malformed VPC id", "POST", "/v1/dns-sharing-authorizations", "application/json",
						"{\"spokeAccountId\":\"" + ACCOUNT + "\",\"hubAccountId\":\"" + ACCOUNT
								+ "\",\"hubVpcId\":\"vpc-1\"}"),
				bad("VPC id with uppercase", "POST", "/v1/dns-sharing-authorizations", "application/json",
						"{\"spokeAccountId\":\"" + ACCOUNT + "\",\"hubAccountId\":\"" + ACCOUNT + "\",\"hubVpcId\":\""
								+ VPC.toUpperCase() + "\"}"),
				bad("empty batch", "POST", "/v1/grant-batches", "application/json", "{\"intents\":[]}"),
				bad("batch of 5000", "POST", "/v1/grant-batches", "application/json", manyIntents.toString()),
				bad("batch with null intent", "POST", "/v1/grant-batches", "application/json", "{\"intents\":[null]}"),
				bad("batch intents not array", "POST", "/v1/grant-batches", "application/json", "{\"intents\":{}}"),
				bad("plan unknown recipe", "POST", "/v1/plans", "application/json", "{\"recipe\":\"x\"}"),
				bad("grant id not a UUID", "GET", "/v1/grants/not-a-uuid", null, null),
				bad("grant id path traversal", "GET", "/v1/grants/..%2F..%2Fetc%2Fpasswd", null, null),
				bad("grant id SQL", "GET", "/v1/grants/1'%20OR%20'1'='1", null, null),
				bad("unknown grant", "GET", "/v1/grants/00000000-0000-4000-8000-000000000000", null, null),
				bad("unknown recipe page", "GET", "/v1/recipes/..%2Fapplication.yaml", null, null),
				bad("status filter unknown", "GET", "/v1/grants?status=ALL", null, null),
				bad("page negative", "GET", "/v1/grants?page=-1", null, null),
				bad("page not a number", "GET", "/v1/grants?page=x", null, null),
				bad("size huge", "GET", "/v1/grants?size=1000000", null, null),
				bad("size overflow", "GET", "/v1/grants?size=99999999999999999999", null, null),
				bad("account filter SQL", "GET", "/v1/grants?accountId=%27%20OR%201=1--", null, null),
				bad("NUL in recipe filter", "GET", "/v1/grants?recipe=vpc%00backup", null, null),
				bad("recipe filter too long", "GET", "/v1/grants?recipe=" + "r".repeat(300), null, null),
				bad("NUL in audit caller filter", "GET", "/v1/audit-events?caller=iam-%00", null, null),
				bad("audit to beyond any calendar", "GET", "/v1/audit-events?to=%2B999999999-12-31T23:59:59Z", null,
						null),
				bad("audit from before any calendar", "GET", "/v1/audit-events?from=-999999999-01-01T00:00:00Z", null,
						null),
				bad("retry unknown grant", "POST", "/v1/grants/00000000-0000-4000-8000-000000000000/retry",
						"application/json", ""),
				bad("revoke unknown grant", "DELETE", "/v1/grants/00000000-0000-4000-8000-000000000000", null, null),
				bad("unsupported method", "PUT", "/v1/grants", "application/json", "{}"),
				bad("batch unknown", "GET", "/v1/grant-batches/00000000-0000-4000-8000-000000000000", null, null)));
		for (String wait : List.of("wait=-1", "wait=61", "wait=999999999999", "wait=abc", "wait=1.5")) {
			cases.add(Arguments.of("Prefer: " + wait, "POST", backup, "application/json",
					"{\"accountId\":\"" + newAccount() + "\"}", Map.of("Prefer", wait)));
		}
		cases.add(Arguments.of("Idempotency-Key with spaces", "POST", backup, "application/json",
				"{\"accountId\":\"" + newAccount() + "\"}", Map.of("Idempotency-Key", "has spaces")));
		cases.add(Arguments.of("Idempotency-Key too long", "POST", backup, "application/json",
				"{\"accountId\":\"" + newAccount() + "\"}", Map.of("Idempotency-Key", "k".repeat(300))));
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void answersA4xxProblemNeverA5xx(String name, String method, String path, String contentType, String body,
			Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		request.header("Authorization", bearer());
		headers.forEach(request::header);

		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(name).isBetween(400, 499);
		assertThat(response.headers().firstValue("Content-Type")).as(name).hasValue("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "org.springframework", "java.");
	}

	static Stream<Arguments> refusalsOfTheServerItself() {
		return Stream.of(Arguments.of("GET /error asked for directly", "/error", Map.of(), 404),
				Arguments.of("GET /error accepting only JSON", "/error", Map.of("Accept", "application/json"), 404),
				Arguments.of("NUL in the path", "/v1/grants/%00", Map.of(), 400),
				Arguments.of("header over Tomcat's limit", "/v1/grants", Map.of("X-Padding", "p".repeat(20_000)), 400));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void refusalsOfTheServerItself(String name, String path, Map<String, String> headers, int status) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", bearer());
		headers.forEach(request::header);

		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(name).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).as(name)
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(json.readTree(response.body()).path("status").asInt()).isEqualTo(status);
		assertThat(response.body()).doesNotContain("<html", "Tomcat", "999");
	}

	private static Arguments bad(String name, String method, String path, String contentType, String body) {
		return Arguments.of(name, method, path, contentType, body, Map.of());
	}

	private long rows() {
		return db
			.sql("select (select count(*) from grants) + (select count(*) from grant_policies) "
					+ "+ (select count(*) from grant_batches)")
			.query(Long.class)
			.single();
	}

}

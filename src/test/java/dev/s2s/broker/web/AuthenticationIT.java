package dev.s2s.broker.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.standin.IamStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callers must present a bearer JWT of the configured issuer; health and the API docs are
 * public.
 */
class AuthenticationIT extends BrokerIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@ParameterizedTest
	@ValueSource(strings = { "/v1/recipes", "/v1/grants", "/v1/grants/00000000-0000-4000-8000-000000000000" })
	void refusesCallsWithoutAToken(String path) throws Exception {
		HttpResponse<String> answer = call("GET", path, null);

		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void refusesAGrantWithoutATokenAndRecordsNothing() throws Exception {
		long before = db.sql("select count(*) from grants").query(Long.class).single();

		HttpResponse<String> answer = call("POST", "/v1/backup-authorizations", null);

		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(db.sql("select count(*) from grants").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void refusesTokensThatAreMalformedForgedOrExpired() throws Exception {
		try (IamStandIn otherIam = IamStandIn.start()) {
			String forged = otherIam.tokenFor(CALLER);
			assertThat(call("GET", "/v1/recipes", "Bearer not-a-jwt").statusCode()).isEqualTo(401);
			assertThat(call("GET", "/v1/recipes", "Bearer " + forged).statusCode()).as("signed by another key")
				.isEqualTo(401);
		}
		iam.tokenLifetime(Duration.ofMinutes(-10));
		String expired = iam.tokenFor(CALLER);
		iam.tokenLifetime(Duration.ofHours(1));
		assertThat(call("GET", "/v1/recipes", "Bearer " + expired).statusCode()).isEqualTo(401);
		assertThat(call("GET", "/v1/recipes", "Basic dXNlcjpwYXNz").statusCode()).isEqualTo(401);
	}

	static Stream<Arguments> refusesTokensThatNameNoCallerOrNeverExpire() {
		long now = Instant.now().getEpochSecond();
		return Stream.of(Arguments.of("no exp", claims("exp", null)), Arguments.of("no iat", claims("iat", null)),
				Arguments.of("iat an hour ahead", claims("iat", now + 3600)),
				Arguments.of("no iam_id", claims("iam_id", null)),
				Arguments.of("neither iam_id nor sub", claims("iam_id", null, "sub", null)),
				Arguments.of("iam_id not a string", claims("iam_id", 7)),
				Arguments.of("empty iam_id", claims("iam_id", "")),
				Arguments.of("NUL in iam_id", claims("iam_id", "iam-" + CALLER + "\u0000")),
				Arguments.of("iam_id over 256 characters", claims("iam_id", "iam-" + "x".repeat(300))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void refusesTokensThatNameNoCallerOrNeverExpire(String name, Map<String, Object> changes) throws Exception {
		String token = iam.tokenWithClaims(CALLER, changes);
		long events = db.sql("select count(*) from audit_events").query(Long.class).single();

		HttpResponse<String> read = call("GET", "/v1/grants", "Bearer " + token);
		HttpResponse<String> grant = call("POST", "/v1/backup-authorizations", "Bearer " + token);

		for (HttpResponse<String> answer : List.of(read, grant)) {
			assertThat(answer.statusCode()).as(name).isEqualTo(401);
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(db.sql("select count(*) from audit_events").query(Long.class).single())
			.as("a token that names no caller leaves no trace it could forge")
			.isEqualTo(events);
	}

	@Test
	void fiftyTokensOfAnUnknownKeyIdAreRefusedAndMakeTheIssuersKeysBeFetchedAtMostOnce() throws Exception {
		long before = keySetFetches();

		for (int i = 0; i < 50; i++) {
			HttpRequest forged = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/recipes"))
				.header("Authorization", "Bearer " + iam.tokenWithUnknownKeyId(CALLER))
				.build();
			assertThat(http.send(forged, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
		}

		assertThat(keySetFetches() - before).as("fetches of the issuer's key set").isLessThanOrEqualTo(1);
		assertThat(get("/v1/recipes").status()).as("a token of a known key").isEqualTo(200);
	}

	private static long keySetFetches() {
		return iam.stats().calls().get(IamStandIn.Operation.KEYS);
	}

	@Test
	void answersA503ProblemWhenTheIssuersKeysAreUnreachable() throws Exception {
		try (ConfigurableApplicationContext broker = startBroker(TestDatabase.get("s2s_jwks_it"),
				Map.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "http://127.0.0.1:9/identity/keys",
						"broker.worker.enabled", "false"))) {
			int brokerPort = broker.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + brokerPort + "/v1/recipes"))
				.header("Authorization", bearer())
				.build();

			HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());

			assertThat(answer.statusCode()).isEqualTo(503);
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(answer.headers().firstValue("Retry-After")).isPresent();
			assertThat(json.readTree(answer.body()).path("type").asString())
				.isEqualTo("urn:s2s-broker:problem:token-verification-unavailable");
		}
	}

	private static Map<String, Object> claims(Object... namesAndValues) {
		Map<String, Object> changes = new HashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			changes.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return changes;
	}

	@Test
	void acceptsATokenOfTheConfiguredIssuer() throws Exception {
		HttpResponse<String> answer = call("GET", "/v1/recipes", bearer());

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(answer.headers().firstValue("Cache-Control"))
			.hasValueSatisfying(v -> assertThat(v).contains("no-store"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/info", "/v3/api-docs",
			"/swagger-ui/index.html" })
	void leavesHealthInfoAndApiDocsPublic(String path) throws Exception {
		assertThat(call("GET", path, null).statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/configprops", "/actuator/beans", "/anything" })
	void deniesEverythingElse(String path) throws Exception {
		assertThat(call("GET", path, bearer()).statusCode()).isIn(401, 403, 404);
		assertThat(call("GET", path, null).statusCode()).isIn(401, 403, 404);
	}

	@Test
	void answersNoCrossOriginRequests() throws Exception {
		HttpRequest preflight = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/recipes"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://evil.example")
			.header("Access-Control-Request-Method", "POST")
			.build();

		HttpResponse<String> answer = http.send(preflight, HttpResponse.BodyHandlers.ofString());

		assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	private HttpResponse<String> call(String method, String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method,
					method.equals("POST")
							? HttpRequest.BodyPublishers.ofString("{\"accountId\":\"" + newAccount() + "\"}")
							: HttpRequest.BodyPublishers.noBody())
			.header("Content-Type", "application/json");
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

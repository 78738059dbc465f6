package dev.s2s.broker.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.IamStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

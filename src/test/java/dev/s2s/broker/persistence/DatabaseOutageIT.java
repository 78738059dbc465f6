package dev.s2s.broker.persistence;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TcpProxy;
import dev.s2s.broker.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With its database unreachable, the broker answers at once: a 503 problem with
 * {@code Retry-After} to callers, 503 to readiness within 2 s; and it recovers when the
 * database is back, nothing recorded lost (issue 19: a 500 after 30 s, readiness 30 s).
 */
class DatabaseOutageIT extends BrokerIT {

	private static final Pattern HOST_AND_PORT = Pattern.compile("//([^/:?]+):(\\d+)/");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void anUnreachableDatabaseIsAPrompt503AndReadinessSaysSoWithinTwoSecondsUntilItIsBack() throws Exception {
		TestDatabase database = TestDatabase.get("s2s_it_outage");
		Matcher server = HOST_AND_PORT.matcher(database.url());
		assertThat(server.find()).as(database.url()).isTrue();
		try (TcpProxy proxy = new TcpProxy(server.group(1), Integer.parseInt(server.group(2)));
				ConfigurableApplicationContext broker = startBroker(
						new TestDatabase(server.replaceFirst("//127.0.0.1:" + proxy.port() + "/"), database.username(),
								database.password()),
						Map.of("broker.worker.enabled", "false"))) {
			int brokerPort = ((WebServerApplicationContext) broker).getWebServer().getPort();
			String id = json
				.readTree(send(brokerPort, "POST", "/v1/backup-authorizations",
						"{\"accountId\":\"" + newAccount() + "\"}")
					.body())
				.path("id")
				.asString();

			proxy.cut();
			Instant asked = Instant.now();
			HttpResponse<String> grant = send(brokerPort, "GET", "/v1/grants/" + id, null);
			Duration answered = Duration.between(asked, Instant.now());
			Instant probed = Instant.now();
			HttpResponse<String> readiness = send(brokerPort, "GET", "/actuator/health/readiness", null);
			Duration probeTook = Duration.between(probed, Instant.now());

			assertThat(grant.statusCode()).as(grant.body()).isEqualTo(503);
			assertThat(grant.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(grant.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			JsonNode problem = json.readTree(grant.body());
			assertThat(problem.path("type").asString()).isEqualTo("urn:s2s-broker:problem:database-unavailable");
			assertThat(answered).as("the pool's connection timeout, 3 s, not 30").isLessThan(Duration.ofSeconds(5));
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(probeTook).isLessThanOrEqualTo(Duration.ofMillis(2500));

			proxy.mend();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> send(brokerPort, "GET", "/v1/grants/" + id, null).statusCode() == 200);
			assertThat(send(brokerPort, "GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
		}
	}

	private HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(60))
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.header("Authorization", bearer());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

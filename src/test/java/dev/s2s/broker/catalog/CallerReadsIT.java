package dev.s2s.broker.catalog;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many plans against a slow IAM hold no more request threads than
 * {@code broker.iam.max-caller-reads} reads of IAM: the others are answered at once with
 * their documents UNKNOWN, so liveness stays fast on every JDK (issue 19: on JDK 17, 400
 * plans against an IAM answering in 2 s took liveness to 7.8 s). The broker here has 12
 * request threads, which on JDK 17 are platform threads.
 */
class CallerReadsIT extends BrokerIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void manyPlansAgainstASlowIamLeaveLivenessFast() throws Exception {
		try (ConfigurableApplicationContext broker = startBroker(TestDatabase.get("s2s_it_caller_reads"),
				Map.of("broker.worker.enabled", "false", "server.tomcat.threads.max", "12",
						"broker.iam.max-caller-reads", "4", "broker.iam.timeouts.plan-read", "5s"))) {
			int brokerPort = ((WebServerApplicationContext) broker).getWebServer().getPort();
			String plan = "{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"" + newAccount() + "\"}}";
			send(brokerPort, "POST", "/v1/plans", plan);
			iam.latency(Duration.ofMillis(1000));
			try {
				List<CompletableFuture<HttpResponse<String>>> plans = new ArrayList<>();
				for (int i = 0; i < 30; i++) {
					plans.add(http.sendAsync(request(brokerPort, "POST", "/v1/plans", plan),
							HttpResponse.BodyHandlers.ofString()));
				}
				Thread.sleep(500);
				Instant asked = Instant.now();
				HttpResponse<String> liveness = send(brokerPort, "GET", "/actuator/health/liveness", null);
				Duration took = Duration.between(asked, Instant.now());

				assertThat(liveness.statusCode()).isEqualTo(200);
				assertThat(took).as("liveness while 30 plans wait for a slow IAM").isLessThan(Duration.ofSeconds(1));
				List<String> answers = plans.stream().map(CompletableFuture::join).map(HttpResponse::body).toList();
				assertThat(answers).anySatisfy(body -> assertThat(body).contains("broker.iam.max-caller-reads"));
			}
			finally {
				iam.latency(Duration.ZERO);
			}
		}
	}

	private HttpRequest request(int port, String method, String path, String body) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(90))
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.header("Authorization", bearer())
			.header("Content-Type", "application/json")
			.build();
	}

	private HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
		return http.send(request(port, method, path, body), HttpResponse.BodyHandlers.ofString());
	}

}

package dev.s2s.broker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.SharedIamStandIn;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stopped broker leaves no thread behind that holds its Tomcat's class loader: the
 * connection pool's, and those IAM's clients start while a request is served. Tomcat
 * reports each as a likely memory leak when it stops, and every test broker stops.
 */
class StoppedBrokerIT {

	private final IamStandIn iam = SharedIamStandIn.get();

	@Test
	void leavesNoThreadHoldingItsTomcatsClassLoader() throws Exception {
		iam.reset();
		ClassLoader tomcat;
		try (ConfigurableApplicationContext broker = BrokerIT.startBroker(TestDatabase.get("s2s_it_stopped"),
				Map.of())) {
			TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) broker).getWebServer();
			tomcat = ((Context) server.getTomcat().getHost().findChildren()[0]).getLoader().getClassLoader();
			// An inventory reads IAM (a token, then the account's policies) while the
			// request is served.
			HttpResponse<String> inventory = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://localhost:" + server.getPort() + "/v1/accounts/"
							+ UUID.randomUUID().toString().replace("-", "") + "/authorizations"))
					.header("Authorization", "Bearer " + iam.tokenFor("ServiceId-platform-portal"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(inventory.statusCode()).as(inventory.body()).isEqualTo(200);

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(holding(tomcat)).as("threads holding Tomcat's class loader").isEmpty());
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(holding(tomcat)).as("threads holding Tomcat's class loader").isEmpty());
	}

	/** Live threads whose context class loader is {@code loader}, by name. */
	private static List<String> holding(ClassLoader loader) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(thread -> thread.isAlive() && thread.getContextClassLoader() == loader)
			.map(Thread::getName)
			.toList();
	}

}

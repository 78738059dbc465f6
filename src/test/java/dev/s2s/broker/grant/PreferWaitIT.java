package dev.s2s.broker.grant;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code Prefer: wait} within bounds (issue 13: with IAM slowed to 3 s, 230 waiters on
 * JDK 17 made the liveness probe take 53 s and waiters answer after up to 118 s of a 60 s
 * wait). A broker of its own, with room for few waiters, few request threads and few
 * database connections, and IAM slower than any wait here, so no grant finishes while its
 * caller waits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreferWaitIT extends BrokerIT {

	private static final int MAX_WAITERS = 2;

	private static final Duration WAIT = Duration.ofSeconds(3);

	/** What a waiter's answer may take beyond its deadline. */
	private static final Duration SLACK = Duration.ofSeconds(1);

	/** An answer "at once": well within the wait. */
	private static final Duration AT_ONCE = Duration.ofMillis(1500);

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private ConfigurableApplicationContext broker;

	private String base;

	@BeforeAll
	void startBroker() {
		broker = BrokerIT.startBroker(TestDatabase.get("s2s_it_waiters"),
				Map.of("broker.api.max-waiters", String.valueOf(MAX_WAITERS), "server.tomcat.threads.max", "4",
						"server.tomcat.threads.min-spare", "4", "spring.datasource.hikari.maximum-pool-size", "2",
						"spring.datasource.hikari.connection-timeout", "2000", "broker.worker.shutdown-grace", "1s"));
		base = "http://localhost:" + broker.getEnvironment().getProperty("local.server.port");
		assertThat(send(grantRequest(newAccount()).build()).join().status()).as("warm-up grant").isEqualTo(202);
	}

	/**
	 * Stops this class's broker, then takes back the slow answers its cases scripted and
	 * did not use: the next class's set-up, which runs before its first case resets IAM,
	 * would otherwise meet them.
	 */
	@AfterAll
	void stopBroker() {
		broker.close();
		iam.reset();
	}

	@BeforeEach
	void iamSlowerThanAnyWait() {
		for (int i = 0; i < 100; i++) {
			iam.failNext(Operation.CREATE_POLICY, Fault.latency(WAIT.multipliedBy(3)));
		}
	}

	@Test
	void beyondMaxWaitersARequestPreferringToWaitIsAnsweredAtOnceWithoutWaiting() {
		List<CompletableFuture<Timed>> requests = new ArrayList<>();
		for (int i = 0; i < MAX_WAITERS + 1; i++) {
			requests.add(send(grantRequest(newAccount()).header("Prefer", "wait=" + WAIT.toSeconds()).build()));
		}
		List<Timed> answers = requests.stream().map(CompletableFuture::join).toList();

		List<Timed> atOnce = answers.stream().filter(answer -> answer.preferenceApplied() == null).toList();
		List<Timed> waited = answers.stream().filter(answer -> answer.preferenceApplied() != null).toList();
		SoftAssertions.assertSoftly(softly -> {
			softly.assertThat(answers).extracting(Timed::status).containsOnly(202);
			softly.assertThat(atOnce)
				.as("answered at once, as if no wait had been asked for: %s", answers)
				.hasSize(1)
				.allSatisfy(answer -> assertThat(answer.took()).isLessThan(AT_ONCE));
			softly.assertThat(waited).as("waited: %s", answers).hasSize(MAX_WAITERS).allSatisfy(answer -> {
				assertThat(answer.preferenceApplied()).isEqualTo("wait=" + WAIT.toSeconds());
				assertThat(answer.took()).isBetween(WAIT.minusMillis(200), WAIT.plus(SLACK));
			});
		});
	}

	@Test
	void waitersAnswerByTheirDeadlineAndLivenessAnswersAtOnceWhileMoreRequestsWaitThanTheServerHasThreads() {
		List<String> accounts = new ArrayList<>();
		List<CompletableFuture<Timed>> waiters = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String account = newAccount();
			accounts.add(account);
			waiters.add(send(grantRequest(account).header("Prefer", "wait=" + WAIT.toSeconds()).build()));
		}
		JdbcClient db = broker.getBean(JdbcClient.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> accounts.stream()
				.filter(account -> db.sql("select count(*) from grants where parameters like ?")
					.param("%" + account + "%")
					.query(Long.class)
					.single() > 0)
				.count() >= 4);

		Timed liveness = send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/liveness")).GET().build())
			.join();
		List<Timed> answers = waiters.stream().map(CompletableFuture::join).toList();

		SoftAssertions.assertSoftly(softly -> {
			softly.assertThat(liveness.status()).isEqualTo(200);
			softly.assertThat(liveness.took()).as("liveness while requests wait").isLessThan(AT_ONCE);
			softly.assertThat(answers)
				.as("waiters, each by its deadline: %s", answers)
				.allSatisfy(answer -> assertThat(answer.took()).isLessThan(WAIT.plus(SLACK)));
		});
	}

	private HttpRequest.Builder grantRequest(String account) {
		return HttpRequest.newBuilder(URI.create(base + "/v1/backup-authorizations"))
			.header("Authorization", bearer())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"accountId\":\"" + account + "\"}"));
	}

	/** Sends a request and times it until its answer has arrived whole. */
	private CompletableFuture<Timed> send(HttpRequest request) {
		long started = System.nanoTime();
		return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
			.thenApply(response -> new Timed(response.statusCode(),
					response.headers().firstValue("Preference-Applied").orElse(null),
					Duration.ofNanos(System.nanoTime() - started)))
			.orTimeout(90, TimeUnit.SECONDS);
	}

	record Timed(int status, String preferenceApplied, Duration took) {
	}

}

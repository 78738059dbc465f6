package dev.s2s.broker.grant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.s2s.broker.BrokerApplication;
import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.IamStandIn.Operation;
import dev.s2s.broker.standin.SharedIamStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several broker instances share one PostgreSQL, as replicas on Kubernetes do. Two run in
 * this JVM; a third runs as a separate process and is killed (SIGKILL) while it holds
 * claimed work. Every grant must still end final, IAM must have created each policy once,
 * and every policy IAM holds must be recorded on exactly one grant.
 */
class ReplicasIT {

	private static final int GRANTS = 24;

	private final IamStandIn iam = SharedIamStandIn.get();

	private final TestDatabase database = TestDatabase.get("s2s_it_replicas");

	private final List<ConfigurableApplicationContext> brokers = new ArrayList<>();

	private Process killed;

	@AfterEach
	void stopBrokers() {
		brokers.forEach(ConfigurableApplicationContext::close);
		if (killed != null) {
			killed.destroyForcibly();
		}
	}

	@Test
	void replicasFinishEveryGrantExactlyOnceWhenOneIsKilledMidRun() throws Exception {
		iam.reset();
		ConfigurableApplicationContext a = broker("replica-a");
		ConfigurableApplicationContext b = broker("replica-b");
		Path log = Files.createTempFile("replica-c", ".log");
		killed = separateBroker("replica-c", log);
		await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(log).contains("Started BrokerApplication"));
		for (int i = 0; i < 40; i++) {
			iam.failNext(Operation.CREATE_POLICY, i % 10 == 3 ? Fault.status(503)
					: i % 10 == 7 ? Fault.tooManyRequests(1) : Fault.latency(Duration.ofMillis(400)));
		}

		List<UUID> grants = new ArrayList<>();
		Set<String> accounts = new HashSet<>();
		for (int i = 0; i < GRANTS; i++) {
			String account = UUID.randomUUID().toString().replace("-", "");
			accounts.add(account);
			ConfigurableApplicationContext entry = i % 2 == 0 ? a : b;
			grants.add(BrokerIT.asTestCaller(() -> entry.getBean(GrantService.class)
				.request(new Intent("vpc-backup", Map.of("accountId", account)), GrantMode.CREATE)
				.grant()
				.id()));
		}
		JdbcClient db = a.getBean(JdbcClient.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> db.sql("select count(*) from grant_policies where claimed_by = 'replica-c'")
				.query(Long.class)
				.single() > 0);
		killed.destroyForcibly().waitFor();

		assertAllSucceed(a, grants, Duration.ofSeconds(90));
		List<String> inIam = iam.policies()
			.stream()
			.filter(policy -> accounts
				.contains(policy.path("resources").path(0).path("attributes").path(0).path("value").asString()))
			.map(policy -> policy.path("id").asString())
			.toList();
		List<String> recorded = db.sql("select iam_policy_id from grant_policies").query(String.class).list();
		assertThat(inIam).hasSize(4 * GRANTS);
		assertThat(iam.createdCount()).as("IAM created each policy once").isEqualTo(4 * GRANTS);
		assertThat(recorded).as("each IAM policy recorded on exactly one grant policy")
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(inIam);
	}

	/**
	 * IAM's limits hold for the API key: replicas together keep no more policies at IAM
	 * than the cluster's budget, however much each instance may have on its own.
	 */
	@Test
	void replicasTogetherNeverKeepMoreAtIamThanTheClusterBudget() {
		iam.reset();
		Map<String, String> budget = Map.of("broker.worker.max-concurrency", "8",
				"broker.worker.cluster-max-concurrency", "3");
		ConfigurableApplicationContext a = broker("budget-a", budget);
		ConfigurableApplicationContext b = broker("budget-b", budget);
		for (int i = 0; i < 4 * 8; i++) {
			iam.failNext(Operation.CREATE_POLICY, Fault.latency(Duration.ofMillis(250)));
		}

		List<UUID> grants = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String account = UUID.randomUUID().toString().replace("-", "");
			ConfigurableApplicationContext entry = i % 2 == 0 ? a : b;
			grants.add(BrokerIT.asTestCaller(() -> entry.getBean(GrantService.class)
				.request(new Intent("vpc-backup", Map.of("accountId", account)), GrantMode.CREATE)
				.grant()
				.id()));
		}
		assertAllSucceed(a, grants, Duration.ofSeconds(60));
		assertThat(iam.mostCreatingAtOnce()).as("creates IAM served at once, from both replicas").isBetween(2, 3);
	}

	/**
	 * Waits until every grant is final, as {@code broker} reads it, and expects each
	 * SUCCEEDED.
	 */
	private static void assertAllSucceed(ConfigurableApplicationContext broker, List<UUID> grants, Duration within) {
		GrantService service = broker.getBean(GrantService.class);
		await().atMost(within)
			.until(() -> grants.stream()
				.allMatch(id -> BrokerIT.asTestCaller(() -> service.find(id)).status().isFinal()));
		assertThat(grants).allSatisfy(id -> assertThat(BrokerIT.asTestCaller(() -> service.find(id)).status())
			.isEqualTo(GrantStatus.SUCCEEDED));
	}

	private Map<String, String> properties(String instance) {
		return Map.of("broker.worker.instance-id", instance, "broker.worker.claim-timeout", "3s",
				"broker.worker.poll-interval", "100ms");
	}

	private ConfigurableApplicationContext broker(String instance) {
		return broker(instance, Map.of());
	}

	private ConfigurableApplicationContext broker(String instance, Map<String, String> more) {
		Map<String, String> properties = new HashMap<>(properties(instance));
		properties.putAll(more);
		ConfigurableApplicationContext broker = BrokerIT.startBroker(database, properties);
		brokers.add(broker);
		return broker;
	}

	/**
	 * A broker in a JVM of its own, so that it can be killed without a chance to clean
	 * up.
	 */
	private Process separateBroker(String instance, Path log) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
						"-cp", System.getProperty("java.class.path"), BrokerApplication.class.getName()));
		command.addAll(List.of(BrokerIT.arguments(database, properties(instance))));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

}

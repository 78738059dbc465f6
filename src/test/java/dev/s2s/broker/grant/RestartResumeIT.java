package dev.s2s.broker.grant;

import java.io.Closeable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.ExpectedLog;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.IamStandIn.Operation;
import dev.s2s.broker.standin.SharedIamStandIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing recorded is lost between the 202 and IAM: a broker that stops with work
 * pending, or in the middle of a submission, leaves it in the database, and the next
 * broker finishes it.
 */
class RestartResumeIT {

	private final IamStandIn iam = SharedIamStandIn.get();

	private final TestDatabase database = TestDatabase.get("s2s_it_restart");

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeEach
	void freshIam() {
		iam.reset();
	}

	@Test
	void aBrokerStartedLaterSubmitsWhatAnEarlierOneOnlyRecorded() {
		String account = UUID.randomUUID().toString().replace("-", "");
		UUID id;
		try (ConfigurableApplicationContext recordingOnly = broker("recorder", false)) {
			id = request(recordingOnly, account);
			assertThat(grantIn(recordingOnly, id).status()).isEqualTo(GrantStatus.PENDING);
		}
		assertThat(iam.policiesIn(account)).isEmpty();

		try (ConfigurableApplicationContext next = broker("resumer", true)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> grantIn(next, id).status() == GrantStatus.SUCCEEDED);
		}
		assertThat(iam.policiesIn(account)).hasSize(4);
	}

	@Test
	void aBrokerStoppedMidSubmissionLeavesNoGapAndNoDuplicate() throws SQLException {
		String account = UUID.randomUUID().toString().replace("-", "");
		// IAM answers the first create slowly: the broker stops while waiting for it, and
		// IAM still
		// creates that policy after the broker gave up on the answer.
		iam.failNext(Operation.CREATE_POLICY, Fault.latency(Duration.ofSeconds(5)));
		UUID id;
		try (ConfigurableApplicationContext first = broker("first", true,
				Map.of("broker.iam.timeouts.read", "30s", "broker.worker.shutdown-grace", "500ms"))) {
			id = request(first, account);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> iam.received().stream().anyMatch(r -> r.path().equals("/v1/policies")));
		}
		assertThat(recordedPolicies(id)).as("the submission cut short is given back, not failed")
			.contains("PENDING claimed by nobody")
			.doesNotContain("FAILED claimed by nobody");
		await().atMost(Duration.ofSeconds(10)).until(() -> iam.policiesIn(account).size() == 4);

		try (ConfigurableApplicationContext second = broker("second", true)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> grantIn(second, id).status() == GrantStatus.SUCCEEDED);
			List<GrantPolicy> policies = grantIn(second, id).policies();
			assertThat(policies).extracting(GrantPolicy::status)
				.as("the policy IAM created unseen is known as the broker's own")
				.containsOnly(PolicyStatus.CREATED);
			assertThat(policies).extracting(GrantPolicy::iamPolicyId)
				.containsExactlyInAnyOrderElementsOf(
						iam.policiesIn(account).stream().map(policy -> policy.path("id").asString()).toList());
		}
		assertThat(iam.policiesIn(account)).hasSize(4);
	}

	/**
	 * Issue 11: a policy waiting out a back-off waits in the database, not in a thread of
	 * the broker: it holds no claim meanwhile, and a broker started after this one
	 * stopped retries it.
	 */
	@Test
	void aBrokerStartedLaterRetriesWhatAnEarlierOneLeftBackingOff() throws SQLException {
		String account = UUID.randomUUID().toString().replace("-", "");
		iam.failNext(Operation.CREATE_POLICY, Fault.status(503));
		Map<String, String> slowRetries = Map.of("broker.worker.max-concurrency", "1",
				"broker.iam.retry.initial-backoff", "4s", "broker.iam.retry.max-backoff", "4s");
		UUID id;
		try (ConfigurableApplicationContext first = broker("backing-off", true, slowRetries)) {
			id = request(first, account);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> recordedPolicies(id).stream().filter(row -> row.startsWith("CREATED")).count() == 3);
			assertThat(recordedPolicies(id)).as("the policy that met the 503 waits to be retried, unclaimed")
				.containsExactlyInAnyOrder("CREATED claimed by nobody", "CREATED claimed by nobody",
						"CREATED claimed by nobody", "PENDING claimed by nobody");
		}
		assertThat(iam.policiesIn(account)).hasSize(3);

		try (ConfigurableApplicationContext next = broker("resumer", true)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> grantIn(next, id).status() == GrantStatus.SUCCEEDED);
			List<SubmissionAttempt> attempts = BrokerIT
				.asTestCaller(() -> next.getBean(GrantService.class).attempts(id));
			assertThat(attempts).filteredOn(attempt -> attempt.operation().equals("create_policy"))
				.extracting(SubmissionAttempt::httpStatus)
				.containsExactlyInAnyOrder(503, 201, 201, 201, 201);
		}
		assertThat(iam.policiesIn(account)).hasSize(4);
	}

	/**
	 * Issue 13: a broker that dies between IAM's 201 and recording it leaves a policy in
	 * IAM and a claimed PENDING row. The next broker meets IAM's 409 for it, and must
	 * know the policy as its own, so that revoking the grant deletes it, while the
	 * policies someone else made stay.
	 */
	@Test
	void revokeDeletesWhatABrokerCreatedButDiedBeforeRecordingAndKeepsWhatOthersMade() throws Exception {
		String account = UUID.randomUUID().toString().replace("-", "");
		List<PolicyDocument> documents = new RecipeCatalog()
			.expand(new RecipeCatalog().intent("vpc-backup", Map.of("accountId", account)));
		String madeByHand = iam.givenPolicy(documents.get(1));
		ObjectNode describedElsewhere = json.valueToTree(documents.get(2));
		describedElsewhere.put("description", "Backup for VPC snapshots, made in the console");
		String madeWithADescription = iam.givenPolicy(describedElsewhere);
		// IAM creates the first policy at once and answers only after 8s: the broker dies
		// before it hears the 201.
		iam.failNext(Operation.CREATE_POLICY, Fault.answerLate(Duration.ofSeconds(8)));
		UUID id;
		ConfigurableApplicationContext doomed = broker("doomed", true,
				Map.of("broker.worker.max-concurrency", "1", "broker.worker.claim-timeout", "3s",
						"broker.iam.timeouts.read", "30s", "broker.worker.shutdown-grace", "20s"));
		// Caught from its start (which configures logging) until it has stopped.
		try (ExpectedLog worker = ExpectedLog.of(PolicySubmission.class.getName())) {
			try (doomed) {
				id = request(doomed, account);
				await().atMost(Duration.ofSeconds(20)).until(() -> iam.policiesIn(account).size() == 3);
				// Its database goes before the answer comes: as under kill -9, or H2
				// closing first on SIGTERM, the row stays PENDING and claimed.
				((Closeable) doomed.getBean(DataSource.class)).close();
			}
			assertThat(worker.messages(Level.ERROR)).as("the worker, when the 201 comes")
				.anySatisfy(
						message -> assertThat(message).startsWith("Cannot record the outcome of submission s2s-" + id)
							.contains("Could not open JDBC Connection"));
		}
		assertThat(iam.policiesIn(account)).hasSize(3);

		try (ConfigurableApplicationContext successor = broker("successor", true)) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> grantIn(successor, id).status() == GrantStatus.SUCCEEDED);
			BrokerIT.asTestCaller(() -> successor.getBean(GrantService.class).revoke(id, false, false));
			Grant revoked = BrokerIT.asTestCaller(() -> successor.getBean(GrantService.class)
				.awaitFinal(id, Instant.now().plusSeconds(20))
				.orElseThrow());

			assertThat(revoked.status()).isEqualTo(GrantStatus.REVOKED);
			assertThat(iam.policiesIn(account)).extracting(policy -> policy.path("id").asString())
				.as("IAM after the revoke: only the policies someone else made")
				.containsExactlyInAnyOrder(madeByHand, madeWithADescription);
			assertThat(revoked.policies()).extracting(GrantPolicy::status)
				.containsExactly(PolicyStatus.DELETED, PolicyStatus.RETAINED, PolicyStatus.RETAINED,
						PolicyStatus.DELETED);
		}
	}

	private ConfigurableApplicationContext broker(String instance, boolean worker) {
		return broker(instance, worker, Map.of());
	}

	private ConfigurableApplicationContext broker(String instance, boolean worker, Map<String, String> overrides) {
		Map<String, String> properties = new HashMap<>(overrides);
		properties.put("broker.worker.enabled", String.valueOf(worker));
		properties.put("broker.worker.instance-id", instance);
		properties.put("spring.lifecycle.timeout-per-shutdown-phase", "5s");
		return BrokerIT.startBroker(database, properties);
	}

	/**
	 * Each policy of the grant as "STATUS claimed by INSTANCE", read straight from the
	 * database.
	 */
	private List<String> recordedPolicies(UUID grant) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
				database.password());
				PreparedStatement query = connection
					.prepareStatement("select status, claimed_by from grant_policies where grant_id = ?")) {
			query.setObject(1, grant);
			try (ResultSet result = query.executeQuery()) {
				while (result.next()) {
					String claimant = result.getString("claimed_by");
					rows.add(result.getString("status") + " claimed by " + (claimant == null ? "nobody" : claimant));
				}
			}
		}
		return rows;
	}

	private static UUID request(ConfigurableApplicationContext broker, String account) {
		Intent intent = new Intent("vpc-backup", Map.of("accountId", account));
		return BrokerIT
			.asTestCaller(() -> broker.getBean(GrantService.class).request(intent, GrantMode.CREATE).grant().id());
	}

	private static Grant grantIn(ConfigurableApplicationContext broker, UUID id) {
		return BrokerIT.asTestCaller(() -> broker.getBean(GrantService.class).find(id));
	}

}

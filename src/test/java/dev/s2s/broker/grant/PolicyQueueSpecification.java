package dev.s2s.broker.grant;

import dev.s2s.broker.MovableClock;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.s2s.broker.iam.IamAttempt;
import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.iam.SubmissionOutcome;
import dev.s2s.broker.persistence.Timestamps;
import dev.s2s.broker.recipe.PolicyDocument;
import javax.sql.DataSource;

import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work queue's SQL, in seconds: a persistence slice of {@link PolicyQueue} and
 * {@link GrantStatuses} over a Flyway-migrated schema of its own, with no web layer, no
 * worker and no IAM; run on PostgreSQL ({@link PolicyQueueIT}) and on the embedded H2
 * ({@link PolicyQueueOnH2IT}). Boot's {@code @JdbcTest} lives in spring-boot-jdbc-test,
 * which the build does not have, so the slice names its auto-configurations itself.
 * Nothing here runs in a test transaction: the race needs real commits.
 */
@SpringBootTest(classes = PolicyQueueSpecification.QueueSlice.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE)
abstract class PolicyQueueSpecification {

	private static final int WORKERS = 8;

	private static final String DOCUMENT = """
			{"type":"authorization",\
			"subjects":[{"attributes":[{"name":"serviceName","value":"is"}]}],\
			"roles":[{"role_id":"crn:v1:bluemix:public:iam::::serviceRole:Reader"}],\
			"resources":[{"attributes":[{"name":"accountId","value":"%s"}]}]}""";

	@Autowired
	private PolicyQueue queue;

	@Autowired
	private SubmissionAttempts attempts;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcClient db;

	@Autowired
	private Timestamps time;

	@Autowired
	private MovableClock clock;

	@Autowired
	private JsonMapper json;

	/** Each test starts from an empty queue: the schema is this class's alone. */
	@BeforeEach
	void emptyQueue() {
		for (String table : List.of("submission_attempts", "grant_policies", "grant_accounts", "grant_batch_items",
				"grants")) {
			db.sql("delete from " + table).update();
		}
		db.sql("update iam_budget set paused_until = null").update();
	}

	@Test
	void oneRoundClaimsUpToWhatIsWantedDeletionsFirstThenTheOldestCreations() {
		List<PolicyKey> creations = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			creations.addAll(pendingGrant(2));
			clock.advance(Duration.ofSeconds(1));
		}
		PolicyKey deletion = deletingGrant(1).get(0);

		PolicyQueue.ClaimRound round = queue.claim("instance-a", time.now().plusMinutes(5), 4, Integer.MAX_VALUE);

		assertThat(round.claims()).extracting(PolicyClaim::key)
			.containsExactly(deletion, creations.get(0), creations.get(1), creations.get(2));
		assertThat(round.claims()).extracting(PolicyClaim::key)
			.allSatisfy(key -> assertThat(claimant(key)).isEqualTo("instance-a"));
		assertThat(grantStatus(creations.get(0).grantId())).as("a grant one of whose policies is claimed")
			.isEqualTo("IN_PROGRESS");
		assertThat(grantStatus(creations.get(4).grantId())).as("a grant none of whose policies is claimed")
			.isEqualTo("PENDING");
		assertThat(claimant(creations.get(3))).isNull();
	}

	@Test
	void racingInstancesClaimingInRoundsClaimEveryPendingPolicyExactlyOnce() throws Exception {
		List<PolicyKey> pending = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			pending.addAll(pendingGrant(4));
		}
		OffsetDateTime until = time.now().plusMinutes(5);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService instances = Executors.newFixedThreadPool(WORKERS);
		List<PolicyKey> claimed = new ArrayList<>();
		try {
			List<Future<List<PolicyKey>>> running = new ArrayList<>();
			for (int w = 0; w < WORKERS; w++) {
				String instance = "instance-" + w;
				running.add(instances.submit(() -> {
					start.await();
					List<PolicyKey> mine = new ArrayList<>();
					List<PolicyClaim> round;
					do {
						round = queue.claim(instance, until, 7, Integer.MAX_VALUE).claims();
						round.forEach(claim -> mine.add(claim.key()));
					}
					while (!round.isEmpty());
					return mine;
				}));
			}
			start.countDown();
			for (Future<List<PolicyKey>> instance : running) {
				claimed.addAll(instance.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			instances.shutdownNow();
		}

		assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(pending);
	}

	@Test
	void liveClaimsOfEveryInstanceCountAgainstTheClusterBudget() {
		for (int i = 0; i < 5; i++) {
			pendingGrant(2);
		}
		OffsetDateTime until = time.now().plusSeconds(20);

		assertThat(queue.claim("instance-a", until, 2, 3).claims()).hasSize(2);
		PolicyQueue.ClaimRound second = queue.claim("instance-b", until, 8, 3);
		assertThat(second.claims()).as("room left by instance-a's two live claims").hasSize(1);
		PolicyQueue.ClaimRound third = queue.claim("instance-c", until, 8, 3);
		assertThat(third.claims()).isEmpty();
		assertThat(third.budgetSpent()).isTrue();

		queue.recordOutcome(second.claims().get(0).key(), new SubmissionOutcome.Created("iam-policy-1"));
		assertThat(queue.claim("instance-c", until, 8, 3).claims()).as("room an ended claim left").hasSize(1);

		clock.advance(Duration.ofSeconds(21));
		assertThat(queue.claim("instance-c", until.plusSeconds(30), 8, 3).claims()).as("lapsed claims hold no budget")
			.hasSize(3);
	}

	/**
	 * Issue 11: a policy waiting out a back-off after a transient failure gives its slot
	 * to other policies; it is not claimed before its next attempt is due, and then it
	 * is, knowing how many of its attempts failed.
	 */
	@Test
	void aPolicyInBackOffHoldsNoShareOfTheClusterBudgetAndIsClaimedOnlyOnceDue() {
		List<PolicyKey> policies = pendingGrant(4);
		OffsetDateTime until = time.now().plusSeconds(20);
		assertThat(queue.claim("instance-a", until, 2, 2).claims()).extracting(PolicyClaim::key)
			.containsExactly(policies.get(0), policies.get(1));
		assertThat(queue.claim("instance-b", until, 8, 2).budgetSpent()).isTrue();

		OffsetDateTime due = time.now().plusSeconds(2);
		queue.defer(policies.get(0), List.of(createAttempt(503)), due, true);

		assertThat(row(policies.get(0))).containsEntry("claimed_by", null)
			.containsEntry("claimed_until", null)
			.containsEntry("status", "PENDING")
			.containsEntry("transient_failures", 1)
			.containsEntry("attempts", 1);
		PolicyQueue.ClaimRound afterDeferral = queue.claim("instance-b", until, 8, 2);
		assertThat(afterDeferral.claims()).extracting(PolicyClaim::key)
			.as("the room the policy in back-off left, and not that policy, the oldest")
			.containsExactly(policies.get(2));
		queue.recordOutcome(policies.get(1), new SubmissionOutcome.Created("iam-policy-1"));
		PolicyQueue.ClaimRound beforeDue = queue.claim("instance-b", until, 8, 2);
		assertThat(beforeDue.claims()).extracting(PolicyClaim::key).containsExactly(policies.get(3));

		queue.recordOutcome(policies.get(2), new SubmissionOutcome.Created("iam-policy-2"));
		clock.advance(Duration.ofMillis(1999));
		PolicyQueue.ClaimRound stillBackingOff = queue.claim("instance-c", until.plusSeconds(2), 8, 2);
		assertThat(stillBackingOff.claims()).isEmpty();
		assertThat(stillBackingOff.budgetSpent()).isFalse();
		assertThat(stillBackingOff.nextDue()).as("when to ask again").isEqualTo(due);

		clock.advance(Duration.ofMillis(1));
		PolicyQueue.ClaimRound whenDue = queue.claim("instance-c", until.plusSeconds(2), 8, 2);
		assertThat(whenDue.claims()).singleElement().satisfies(claim -> {
			assertThat(claim.key()).isEqualTo(policies.get(0));
			assertThat(claim.failedBefore()).isEqualTo(1);
		});
		assertThat(whenDue.nextDue()).isNull();
	}

	/**
	 * A 429 is IAM pacing the broker: its attempt is recorded and waited out like any
	 * deferral, but it does not count toward the policy's {@code max-attempts}.
	 */
	@Test
	void aThrottledAttemptIsRecordedAndWaitedOutWithoutCountingAsAFailure() {
		PolicyKey policy = pendingGrant(1).get(0);
		queue.claimNext("instance-a", time.now().plusSeconds(20)).orElseThrow();

		queue.defer(policy, List.of(createAttempt(429)), time.now().plusSeconds(1), false);

		assertThat(row(policy)).containsEntry("transient_failures", 0).containsEntry("attempts", 1);
		assertThat(queue.claimNext("instance-a", time.now().plusSeconds(20))).as("not before its pause ends").isEmpty();
		clock.advance(Duration.ofSeconds(1));
		assertThat(queue.claimNext("instance-a", time.now().plusSeconds(20))).get()
			.extracting(PolicyClaim::failedBefore)
			.isEqualTo(0);
	}

	@Test
	void anOutcomeEndsTheBackOffAndItsCountOfTransientFailures() {
		PolicyKey policy = pendingGrant(1).get(0);
		queue.claimNext("instance-a", time.now().plusSeconds(20)).orElseThrow();
		queue.defer(policy, List.of(), time.now().plusSeconds(1), true);
		clock.advance(Duration.ofSeconds(1));
		assertThat(queue.claimNext("instance-a", time.now().plusSeconds(20))).get()
			.extracting(PolicyClaim::failedBefore)
			.isEqualTo(1);

		queue.recordOutcome(policy, new SubmissionOutcome.Created("iam-policy-1"));

		assertThat(row(policy)).containsEntry("next_attempt_at", null).containsEntry("transient_failures", 0);
	}

	@Test
	void aPauseOneInstanceSharesKeepsEveryInstanceFromClaimingUntilItEnds() {
		pendingGrant(2);
		OffsetDateTime pausedUntil = time.now().plusSeconds(2);
		queue.pauseAll(pausedUntil);
		queue.pauseAll(time.now().plusSeconds(1));

		PolicyQueue.ClaimRound paused = queue.claim("instance-b", time.now().plusMinutes(5), 8, Integer.MAX_VALUE);
		assertThat(paused.claims()).isEmpty();
		assertThat(paused.pausedUntil()).as("the later pause stands").isEqualTo(pausedUntil);

		clock.advance(Duration.ofSeconds(3));
		assertThat(queue.claim("instance-b", time.now().plusMinutes(5), 8, Integer.MAX_VALUE).claims()).hasSize(2);
	}

	@Test
	void racingWorkersClaimEveryPendingPolicyExactlyOnce() throws Exception {
		List<PolicyKey> pending = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			pending.addAll(pendingGrant(4));
		}
		OffsetDateTime until = time.now().plusMinutes(5);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
		Map<String, List<PolicyKey>> claimedBy = new HashMap<>();
		try {
			Map<String, Future<List<PolicyKey>>> running = new HashMap<>();
			for (int w = 0; w < WORKERS; w++) {
				String instance = "worker-" + w;
				running.put(instance, workers.submit(() -> {
					start.await();
					List<PolicyKey> claimed = new ArrayList<>();
					for (Optional<PolicyClaim> claim = queue.claimNext(instance, until); claim
						.isPresent(); claim = queue.claimNext(instance, until)) {
						claimed.add(claim.get().key());
					}
					return claimed;
				}));
			}
			start.countDown();
			for (Map.Entry<String, Future<List<PolicyKey>>> worker : running.entrySet()) {
				claimedBy.put(worker.getKey(), worker.getValue().get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			workers.shutdownNow();
		}

		List<PolicyKey> claimed = claimedBy.values().stream().flatMap(List::stream).toList();
		assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(pending);
		assertThat(claimedBy.values().stream().filter(keys -> !keys.isEmpty()))
			.as("workers that won claims: the workers did race")
			.hasSizeGreaterThan(1);
		claimedBy.forEach((instance, keys) -> keys
			.forEach(key -> assertThat(claimant(key)).as("claimant of %s", key).isEqualTo(instance)));
		assertThat(queue.claimNext("late-worker", until)).isEmpty();
	}

	@Test
	void aClaimWhoseTimeLapsedIsClaimableByAnotherInstance() {
		PolicyKey policy = pendingGrant(1).get(0);
		assertThat(queue.claimNext("instance-a", time.now().plusSeconds(20))).map(PolicyClaim::key).hasValue(policy);

		clock.advance(Duration.ofSeconds(21));

		assertThat(queue.claimNext("instance-b", time.now().plusSeconds(20))).map(PolicyClaim::key).hasValue(policy);
		assertThat(claimant(policy)).isEqualTo("instance-b");
	}

	@Test
	void aLiveClaimIsNotClaimableByAnotherInstance() {
		PolicyKey policy = pendingGrant(1).get(0);
		assertThat(queue.claimNext("instance-a", time.now().plusSeconds(20))).map(PolicyClaim::key).hasValue(policy);

		clock.advance(Duration.ofSeconds(19));

		assertThat(queue.claimNext("instance-b", time.now().plusSeconds(20))).isEmpty();
		assertThat(claimant(policy)).isEqualTo("instance-a");
	}

	@Test
	void releasingAllClaimsOfAnInstanceFreesOnlyThatInstancesClaims() {
		List<PolicyKey> policies = pendingGrant(3);
		OffsetDateTime until = time.now().plusMinutes(5);
		PolicyKey firstOfA = queue.claimNext("instance-a", until).orElseThrow().key();
		PolicyKey secondOfA = queue.claimNext("instance-a", until).orElseThrow().key();
		PolicyKey ofB = queue.claimNext("instance-b", until).orElseThrow().key();
		assertThat(List.of(firstOfA, secondOfA, ofB)).containsExactlyInAnyOrderElementsOf(policies);

		int released = queue.releaseAll("instance-a");

		assertThat(released).isEqualTo(2);
		assertThat(claimant(firstOfA)).isNull();
		assertThat(claimant(secondOfA)).isNull();
		assertThat(claimant(ofB)).isEqualTo("instance-b");
		assertThat(queue.claimNext("instance-c", until)).map(PolicyClaim::key).get().isIn(firstOfA, secondOfA);
	}

	@Test
	void aReleasedPolicyIsClaimableAtOnceByAnotherInstance() {
		PolicyKey policy = pendingGrant(1).get(0);
		OffsetDateTime until = time.now().plusMinutes(5);
		queue.claimNext("instance-a", until).orElseThrow();

		queue.release(policy);

		assertThat(queue.claimNext("instance-b", until)).map(PolicyClaim::key).hasValue(policy);
	}

	/**
	 * Issue 13: a revoke asked during a 5,000-intent onboarding waited 18 minutes behind
	 * the creations queued before it while the access stayed live.
	 */
	@Test
	void aDeletionQueuedAfterManyCreationsIsClaimedBeforeThem() {
		for (int i = 0; i < 250; i++) {
			pendingGrant(4);
		}
		clock.advance(Duration.ofMinutes(1));
		PolicyKey deletion = deletingGrant(1).get(0);
		OffsetDateTime until = time.now().plusMinutes(5);

		assertThat(queue.claimNext("instance-a", until)).map(PolicyClaim::key).hasValue(deletion);
		assertThat(queue.claimNext("instance-a", until)).get()
			.as("then the creations, oldest first")
			.satisfies(next -> assertThat(next.isDeletion()).isFalse());
	}

	@Test
	void deletionsAreClaimedOldestFirst() {
		PolicyKey older = deletingGrant(1).get(0);
		clock.advance(Duration.ofSeconds(1));
		PolicyKey newer = deletingGrant(1).get(0);
		OffsetDateTime until = time.now().plusMinutes(5);

		assertThat(queue.claimNext("instance-a", until)).map(PolicyClaim::key).hasValue(older);
		assertThat(queue.claimNext("instance-a", until)).map(PolicyClaim::key).hasValue(newer);
	}

	@Test
	void recordingOutcomesEndsTheClaimsAndTheGrantSucceedsWhenEveryPolicyIsInIam() {
		List<PolicyKey> policies = pendingGrant(2);
		UUID grant = policies.get(0).grantId();
		OffsetDateTime until = time.now().plusMinutes(5);
		PolicyClaim first = queue.claimNext("instance-a", until).orElseThrow();
		PolicyClaim second = queue.claimNext("instance-a", until).orElseThrow();
		assertThat(queue.backlog().pending()).isEqualTo(2);

		attempts.record(first.key(), List.of(createAttempt(201)), until);
		queue.recordOutcome(first.key(), new SubmissionOutcome.Created("iam-policy-1"));

		assertThat(row(first.key())).containsEntry("status", "CREATED")
			.containsEntry("iam_policy_id", "iam-policy-1")
			.containsEntry("claimed_by", null)
			.containsEntry("claimed_until", null);
		assertThat(row(first.key()).get("confirmed_at")).as("IAM served it before it was recorded").isNotNull();
		assertThat(grantStatus(grant)).isEqualTo("IN_PROGRESS");
		assertThat(grantConfirmedAt(grant)).isNull();

		attempts.record(second.key(), List.of(createAttempt(409)), until);
		queue.recordOutcome(second.key(), new SubmissionOutcome.Existed("iam-policy-2"));

		assertThat(row(second.key())).containsEntry("status", "EXISTED")
			.containsEntry("iam_policy_id", "iam-policy-2")
			.containsEntry("claimed_by", null)
			.containsEntry("claimed_until", null);
		assertThat(grantStatus(grant)).isEqualTo("SUCCEEDED");
		assertThat(grantConfirmedAt(grant)).as("when its last policy was confirmed").isEqualTo(time.now());
		assertThat(queue.backlog().pending()).isZero();
	}

	@Test
	void aPolicyCreatedButNeverServedFailsWithItsIdRecordedSoARevokeDeletesIt() {
		PolicyKey policy = pendingGrant(1).get(0);
		queue.claimNext("instance-a", time.now().plusMinutes(5)).orElseThrow();

		queue.recordOutcome(policy,
				new SubmissionOutcome.Failed(
						new IamError(null, "policy_not_served", "IAM created policy iam-policy-1 but …", null),
						"iam-policy-1"));

		assertThat(row(policy)).containsEntry("status", "FAILED")
			.containsEntry("iam_policy_id", "iam-policy-1")
			.containsEntry("last_error_code", "policy_not_served")
			.containsEntry("confirmed_at", null);
		assertThat(grantStatus(policy.grantId())).isEqualTo("FAILED");
		assertThat(grantConfirmedAt(policy.grantId())).isNull();
	}

	@Test
	void migration14MarksTheDocumentsRecordedBeforePoliciesWereMarkedThatMayStillBeSent() throws Exception {
		PolicyKey pending = pendingGrant(1).get(0);
		PolicyKey deleting = deletingGrant(1).get(0);
		String before = (String) row(deleting).get("document");

		try (Connection connection = dataSource.getConnection()) {
			new DocumentMarks(json).migrate(new Context() {
				@Override
				public org.flywaydb.core.api.configuration.Configuration getConfiguration() {
					return null;
				}

				@Override
				public Connection getConnection() {
					return connection;
				}
			});
		}
		PolicyClaim claim = queue.claimNext("instance-a", time.now().plusMinutes(5)).orElseThrow();

		assertThat(claim.key()).isEqualTo(deleting);
		assertThat(row(deleting).get("document")).as("never sent again: as recorded").isEqualTo(before);
		PolicyClaim created = queue.claimNext("instance-a", time.now().plusMinutes(5)).orElseThrow();
		assertThat(created.key()).isEqualTo(pending);
		assertThat(created.document().description()).isEqualTo("s2s-broker grant " + pending.grantId() + " policy 0");
		assertThat(json.readValue((String) row(pending).get("document"), PolicyDocument.class))
			.as("recorded as it will be sent")
			.isEqualTo(created.document());
	}

	/**
	 * Records a grant of {@code policies} pending policies directly, as the API would
	 * have (before issue 13: without a description).
	 */
	private List<PolicyKey> pendingGrant(int policies) {
		UUID id = UUID.randomUUID();
		OffsetDateTime now = time.now();
		db.sql("""
				insert into grants (id, recipe, parameters, status, created_at, updated_at)
				values (?, 'vpc-backup', '{}', 'PENDING', ?, ?)""").params(id, now, now).update();
		List<PolicyKey> keys = new ArrayList<>();
		for (int ordinal = 0; ordinal < policies; ordinal++) {
			String account = UUID.randomUUID().toString().replace("-", "");
			db.sql("""
					insert into grant_policies (grant_id, ordinal, document, status, attempts, updated_at)
					values (?, ?, ?, 'PENDING', 0, ?)""")
				.params(id, ordinal, DOCUMENT.formatted(account), now)
				.update();
			keys.add(new PolicyKey(id, ordinal));
		}
		return keys;
	}

	/**
	 * Records a grant being revoked, with {@code policies} policies waiting to be deleted
	 * from IAM, as a revoke would have left it.
	 */
	private List<PolicyKey> deletingGrant(int policies) {
		List<PolicyKey> keys = pendingGrant(policies);
		UUID id = keys.get(0).grantId();
		db.sql("update grants set status = 'REVOKING', revoke_requested_at = ? where id = ?")
			.params(time.now(), id)
			.update();
		db.sql("update grant_policies set status = 'DELETING', iam_policy_id = 'iam-' || ordinal where grant_id = ?")
			.param(id)
			.update();
		return keys;
	}

	private String claimant(PolicyKey policy) {
		return db.sql("select claimed_by from grant_policies where grant_id = ? and ordinal = ?")
			.params(policy.grantId(), policy.ordinal())
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private Map<String, Object> row(PolicyKey policy) {
		return db.sql("select * from grant_policies where grant_id = ? and ordinal = ?")
			.params(policy.grantId(), policy.ordinal())
			.query()
			.singleRow();
	}

	private OffsetDateTime grantConfirmedAt(UUID grant) {
		return db.sql("select confirmed_at from grants where id = ?")
			.param(grant)
			.query((rs, n) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
			.single()
			.orElse(null);
	}

	private String grantStatus(UUID grant) {
		return db.sql("select status from grants where id = ?").param(grant).query(String.class).single();
	}

	private static IamAttempt createAttempt(int status) {
		return new IamAttempt("create_policy", UUID.randomUUID().toString(), Instant.now(), Duration.ofMillis(5),
				status, null, "iam-ServiceId-tests");
	}

	/** The slice: the queue and what it needs, on a datasource migrated by Flyway. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
			TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
			FlywayAutoConfiguration.class, JacksonAutoConfiguration.class })
	@Import({ PolicyQueue.class, SubmissionAttempts.class, PostgresClaims.class, H2Claims.class, DocumentMarks.class,
			GrantStatuses.class, Timestamps.class })
	static class QueueSlice {

		@Bean
		MovableClock clock() {
			return new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
		}

	}

}

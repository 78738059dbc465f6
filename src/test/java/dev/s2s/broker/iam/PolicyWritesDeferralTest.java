package dev.s2s.broker.iam;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transient failures (429, 5xx, no answer) as production meets them: the queue makes one
 * attempt per claim, with the count of earlier transient failures, and waits out each
 * {@link SubmissionOutcome.Deferred}'s pause with the policy back in the queue, holding
 * no slot (issue 11). Against the IAM stand-in with 4 attempts and back-off from 100 ms;
 * the deferrals' pauses are collected, and nothing pauses in the thread.
 */
class PolicyWritesDeferralTest extends IamStandInCase {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final RecipeCatalog catalog = new RecipeCatalog();

	/** A description as the broker marks its documents. */
	private static final String MARK = "s2s-broker grant 00000000-0000-0000-0000-000000000001 policy 0";

	private final List<IamAttempt> attempts = new CopyOnWriteArrayList<>();

	private final StandInAdapter.AsTheQueue queue = new StandInAdapter.AsTheQueue();

	private StandInAdapter adapter;

	private PolicyWrites writes;

	@BeforeEach
	void freshAdapter() {
		adapter = StandInAdapter.of(iam);
		writes = adapter.writes;
	}

	@Test
	void aCreateWhoseAnswerWasLostEndsCreatedNotAdopted() {
		// IAM creates the policy and answers after the broker's read timeout (800ms): the
		// next attempt meets the 409.
		iam.failNext(Operation.CREATE_POLICY, Fault.answerLate(Duration.ofSeconds(2)));

		SubmissionOutcome outcome = create(volumePolicy(ACCOUNT).describedAs(MARK), "tx-lost");

		assertThat(iam.policiesIn(ACCOUNT)).singleElement()
			.satisfies(policy -> assertThat(outcome)
				.isEqualTo(new SubmissionOutcome.Created(policy.path("id").asString())));
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(null, 409, 200);
		assertThat(queue.deferrals).hasSize(1);
	}

	@Test
	void retriesTheCreateWhenTheConflictingPolicyCannotBeReadYet() {
		String earlier = iam.givenPolicy(volumePolicy(ACCOUNT).describedAs(MARK));
		iam.failNext(Operation.GET_POLICY, Fault.status(503));

		SubmissionOutcome outcome = create(volumePolicy(ACCOUNT).describedAs(MARK), "tx-get-503");

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Created(earlier));
		assertThat(attempts).extracting(attempt -> attempt.operation() + " " + attempt.httpStatus())
			.containsExactly("create_policy 409", "get_policy 503", "create_policy 409", "get_policy 200");
	}

	@Test
	void retriesAfterTooManyRequestsHonouringRetryAfter() {
		iam.failNext(Operation.CREATE_POLICY, Fault.tooManyRequests(7));

		SubmissionOutcome outcome = create(volumePolicy(ACCOUNT), "tx-429");

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(queue.deferredMillis()).containsExactly(7_000L);
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(429, 201);
		assertThat(adapter.limit.limit()).as("halved by the 429, then one more for the success").isEqualTo(5);
		assertThat(attempts.get(0).error().code()).isEqualTo("too_many_requests");
		assertThat(adapter.pauses).isEmpty();
	}

	@Test
	void capsRetryAfterAtTheConfiguredMaximum() {
		iam.failNext(Operation.CREATE_POLICY, Fault.tooManyRequests(3600));

		create(volumePolicy(ACCOUNT), "tx-429-long");

		assertThat(queue.deferredMillis()).containsExactly(60_000L);
	}

	@Test
	void retriesServerErrorsSoonWhileTheyAreScatteredAmongSuccesses() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(503), Fault.status(500), Fault.status(502));

		SubmissionOutcome outcome = create(volumePolicy(ACCOUNT), "tx-5xx");

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(queue.deferredMillis()).hasSize(3);
		assertThat(queue.deferredMillis().get(0)).isBetween(50L, 100L);
		assertThat(queue.deferredMillis().subList(1, 3)).as("at most initial-backoff times multiplier: no outage")
			.allSatisfy(pause -> assertThat(pause).isBetween(100L, 200L));
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(503, 500, 502, 201);
		assertThat(adapter.retriesCounted()).as("one s2s.iam.retries per deferral").isEqualTo(3);
	}

	@Test
	void retriesServerErrorsDuringAnOutageWithExponentialBackoffAndJitter() {
		adapter.duringAnOutage();
		iam.failNext(Operation.CREATE_POLICY, Fault.status(503), Fault.status(500), Fault.status(502));

		SubmissionOutcome outcome = create(volumePolicy(ACCOUNT), "tx-5xx");

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(queue.deferredMillis()).hasSize(3);
		assertThat(queue.deferredMillis().get(0)).isBetween(50L, 100L);
		assertThat(queue.deferredMillis().get(1)).isBetween(100L, 200L);
		assertThat(queue.deferredMillis().get(2)).isBetween(200L, 400L);
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(503, 500, 502, 201);
		assertThat(adapter.retriesCounted()).as("one s2s.iam.retries per deferral").isEqualTo(3);
		assertThat(adapter.pauses).isEmpty();
	}

	@Test
	void retriesDroppedConnections() {
		iam.failNext(Operation.CREATE_POLICY, Fault.dropConnection());

		SubmissionOutcome outcome = create(volumePolicy(ACCOUNT), "tx-reset");

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(attempts.get(0).httpStatus()).isNull();
		assertThat(attempts.get(0).error().code()).isEqualTo("transport_error");
		assertThat(iam.policiesIn(ACCOUNT)).hasSize(1);
	}

	@Test
	void retriesTimeouts() {
		iam.failNext(Operation.CREATE_POLICY, Fault.latency(Duration.ofSeconds(3)));

		SubmissionOutcome outcome = create(volumePolicy(ACCOUNT), "tx-timeout");

		assertThat(outcome).isInstanceOfAny(SubmissionOutcome.Created.class, SubmissionOutcome.Existed.class);
		assertThat(attempts.get(0).error().code()).isEqualTo("transport_error");
		assertThat(iam.policiesIn(ACCOUNT)).hasSize(1);
	}

	/**
	 * Issue 11: the worker makes one attempt per claim and waits out the back-off with
	 * the policy back in its queue, holding no slot.
	 */
	@Test
	void oneAttemptDefersATransientFailureByTheBackOffWithoutPausing() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(503), Fault.status(502), Fault.tooManyRequests(7));

		SubmissionOutcome first = writes.create(volumePolicy(ACCOUNT), "tx-once", 0, attempts::add);
		SubmissionOutcome second = writes.create(volumePolicy(ACCOUNT), "tx-once", 1, attempts::add);
		SubmissionOutcome throttled = writes.create(volumePolicy(ACCOUNT), "tx-once", 2, attempts::add);
		SubmissionOutcome created = writes.create(volumePolicy(ACCOUNT), "tx-once", 3, attempts::add);

		assertThat(first).isInstanceOfSatisfying(SubmissionOutcome.Deferred.class, deferred -> {
			assertThat(deferred.error().status()).isEqualTo(503);
			assertThat(deferred.backOff()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
		});
		assertThat(second).isInstanceOfSatisfying(SubmissionOutcome.Deferred.class,
				deferred -> assertThat(deferred.backOff()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200)));
		assertThat(throttled).isInstanceOfSatisfying(SubmissionOutcome.Deferred.class,
				deferred -> assertThat(deferred.backOff()).isEqualTo(Duration.ofSeconds(7)));
		assertThat(created).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(adapter.pauses).as("no pause taken in the thread").isEmpty();
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(503, 502, 429, 201);
	}

	@Test
	void theLastAttemptAllowedFailsWithIamsErrorInsteadOfDeferring() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(504));

		SubmissionOutcome outcome = writes.create(volumePolicy(ACCOUNT), "tx-last", 3, attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class,
				failed -> assertThat(failed.error().status()).isEqualTo(504));
		assertThat(adapter.pauses).isEmpty();
		assertThat(adapter.retriesCounted()).as("no pause scheduled").isZero();
	}

	@Test
	void failsWithTheLastErrorWhenRetriesRunOut() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(503), Fault.status(503), Fault.status(503),
				Fault.status(504));

		SubmissionOutcome outcome = create(volumePolicy(ACCOUNT), "tx-exhausted");

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class,
				failed -> assertThat(failed.error().status()).isEqualTo(504));
		assertThat(attempts).hasSize(4);
		assertThat(queue.deferrals).hasSize(3);
		assertThat(iam.policiesIn(ACCOUNT)).isEmpty();
	}

	@Test
	void retriesWhenTheTokenEndpointIsUnavailable() {
		iam.failNext(Operation.TOKEN, Fault.status(503));

		SubmissionOutcome outcome = create(volumePolicy(ACCOUNT), "tx-token-503");

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(attempts).extracting(IamAttempt::operation).containsExactly("token", "create_policy");
		assertThat(queue.deferrals).hasSize(1);
	}

	@Test
	void oneAttemptAtADeletionDefersAServerErrorAndTakesA404AsDeleted() {
		iam.failNext(Operation.DELETE_POLICY, Fault.status(503));

		SubmissionOutcome deferred = writes.delete("no-such-policy", ACCOUNT, "tx-delete", 0, attempts::add);
		SubmissionOutcome deleted = writes.delete("no-such-policy", ACCOUNT, "tx-delete", 1, attempts::add);

		assertThat(deferred).isInstanceOf(SubmissionOutcome.Deferred.class);
		assertThat(deleted).isEqualTo(new SubmissionOutcome.Deleted("no-such-policy"));
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(503, 404);
		assertThat(adapter.pauses).isEmpty();
	}

	@Test
	void retriesTransientFailuresOfADelete() {
		String id = iam.givenPolicy(volumePolicy(ACCOUNT));
		iam.failNext(Operation.DELETE_POLICY, Fault.tooManyRequests(2), Fault.status(503), Fault.dropConnection());

		SubmissionOutcome outcome = queue
			.attempt(failedBefore -> writes.delete(id, ACCOUNT, "tx-delete-retry", failedBefore, attempts::add));

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Deleted(id));
		assertThat(queue.deferredMillis()).hasSize(3).first().isEqualTo(2_000L);
		assertThat(iam.policiesIn(ACCOUNT)).isEmpty();
		assertThat(adapter.pauses).isEmpty();
	}

	@Test
	void aRestoreThatCannotReadThePolicyYetIsDeferredAndThenGivesBackTheRoles() {
		PolicyDocument volume = volumePolicy(ACCOUNT);
		String existing = iam.givenPolicy(new PolicyDocument(volume.type(), volume.subjects(),
				List.of(new PolicyDocument.Role(VIEWER), new PolicyDocument.Role(OPERATOR)), volume.resources()));
		iam.failNext(Operation.GET_POLICY, Fault.status(500));

		SubmissionOutcome outcome = queue.attempt(failedBefore -> writes.restore(existing, volume, List.of(OPERATOR),
				"tx-restore", failedBefore, attempts::add));

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Restored(existing));
		assertThat(queue.deferrals).hasSize(1);
		assertThat(iam.rolesOf(existing)).containsExactly(VIEWER);
	}

	private static final String VIEWER = "crn:v1:bluemix:public:iam::::role:Viewer";

	private static final String OPERATOR = "crn:v1:bluemix:public:iam::::role:Operator";

	private SubmissionOutcome create(PolicyDocument document, String transactionId) {
		return queue.attempt(failedBefore -> writes.create(document, transactionId, failedBefore, attempts::add));
	}

	private static PolicyDocument volumePolicy(String account) {
		return catalog.expand(catalog.intent("vpc-backup", Map.of("accountId", account))).get(0);
	}

}

package dev.s2s.broker.grant;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.standin.SharedIamStandIn;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: a policy waiting to retry a transient failure holds no slot at IAM, so other
 * policies use IAM meanwhile; its attempts stay bounded by
 * {@code broker.iam.retry.max-attempts}. A broker with one slot
 * ({@code broker.worker.max-concurrency=1}) shows it in the order of IAM's requests.
 */
class BackOffIT {

	private static final IamStandIn iam = SharedIamStandIn.get();

	private static OwnBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = OwnBroker.start("s2s_it_back_off",
				Map.of("broker.worker.max-concurrency", "1", "broker.iam.retry.max-attempts", "2",
						"broker.iam.retry.initial-backoff", "1s", "broker.iam.retry.max-backoff", "2s",
						"broker.worker.poll-interval", "100ms"));
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	@BeforeEach
	void freshIam() {
		iam.reset();
	}

	@Test
	void aPolicyBackingOffLeavesItsSlotToTheNextPolicy() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(500));
		UUID id = broker.requestBackup(OwnBroker.newAccount());

		Grant grant = broker.awaitFinal(id);

		assertThat(grant.status()).isEqualTo(GrantStatus.SUCCEEDED);
		assertThat(grant.policies()).extracting(GrantPolicy::status).containsOnly(PolicyStatus.CREATED);
		String first = "s2s-" + id + "-0";
		String second = "s2s-" + id + "-1";
		List<String> creates = iam.received()
			.stream()
			.filter(request -> request.method().equals("POST") && request.path().equals("/v1/policies"))
			.map(IamStandIn.Received::transactionId)
			.toList();
		assertThat(creates).as("IAM's creates in the order received").containsSubsequence(first, second, first);
		List<SubmissionAttempt> attempts = broker.attempts(id);
		assertThat(attempts)
			.filteredOn(attempt -> attempt.ordinal() == 0 && attempt.operation().equals("create_policy"))
			.extracting(SubmissionAttempt::httpStatus)
			.containsExactly(500, 201);
	}

	/**
	 * Five 429s among four policies: one policy at least meets two, as many as
	 * {@code max-attempts} allows; a 429 is IAM pacing the broker, not a failure, so
	 * every policy is created still.
	 */
	@Test
	void aPolicyIamThrottlesIsWaitedOutBeyondItsAttempts() {
		Fault throttled = Fault.tooManyRequests(1);
		iam.failNext(Operation.CREATE_POLICY, throttled, throttled, throttled, throttled, throttled);
		UUID id = broker.requestBackup(OwnBroker.newAccount());

		Grant grant = broker.awaitFinal(id);

		assertThat(grant.status()).isEqualTo(GrantStatus.SUCCEEDED);
		assertThat(broker.attempts(id)).filteredOn(attempt -> attempt.operation().equals("create_policy"))
			.extracting(SubmissionAttempt::httpStatus)
			.containsExactlyInAnyOrder(429, 429, 429, 429, 429, 201, 201, 201, 201);
	}

	@Test
	void theLastAttemptAllowedFailsThePolicyWithIamsLastError() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(503), Fault.status(503), Fault.status(503),
				Fault.status(503), Fault.status(504), Fault.status(504), Fault.status(504), Fault.status(504));
		String account = OwnBroker.newAccount();
		UUID id = broker.requestBackup(account);

		Grant grant = broker.awaitFinal(id);

		assertThat(grant.status()).isEqualTo(GrantStatus.FAILED);
		assertThat(grant.policies()).allSatisfy(policy -> {
			assertThat(policy.status()).isEqualTo(PolicyStatus.FAILED);
			assertThat(policy.attempts()).as("broker.iam.retry.max-attempts").isEqualTo(2);
			assertThat(policy.lastError().status()).as("the answer to its last attempt").isEqualTo(504);
		});
		assertThat(iam.policiesIn(account)).isEmpty();
	}

}

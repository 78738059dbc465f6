package dev.s2s.broker.grant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.SharedIamStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A grant succeeds only once IAM serves each of its policies (issue 11): IAM is
 * eventually consistent, and a policy can read as 404 right after its 201
 * (terraform-provider-ibm #4413) while the access it grants is still refused. The broker
 * reads every created or adopted policy back by its id before it records it done.
 */
class ReadBackIT {

	private static final IamStandIn iam = SharedIamStandIn.get();

	private static OwnBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = OwnBroker.start("s2s_it_read_back",
				Map.of("broker.iam.timeouts.confirm", "2s", "broker.worker.poll-interval", "100ms"));
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
	void aGrantSucceedsOnlyOnceIamServesEveryPolicyAndRecordsWhen() {
		iam.readsAsMissingAfterCreation(Duration.ofMillis(700));
		UUID id = broker.requestBackup(OwnBroker.newAccount());

		Grant grant = broker.awaitFinal(id);

		assertThat(grant.status()).isEqualTo(GrantStatus.SUCCEEDED);
		assertThat(grant.confirmedAt()).isNotNull();
		assertThat(Duration.between(grant.createdAt(), grant.confirmedAt()))
			.as("IAM served the policies only 700 ms after creating them")
			.isGreaterThanOrEqualTo(Duration.ofMillis(700));
		assertThat(grant.policies()).allSatisfy(policy -> {
			assertThat(policy.status()).isEqualTo(PolicyStatus.CREATED);
			assertThat(policy.confirmedAt()).isNotNull().isBeforeOrEqualTo(grant.confirmedAt());
		});
		assertThat(grant.policies()).extracting(GrantPolicy::confirmedAt).contains(grant.confirmedAt());
		List<SubmissionAttempt> attempts = broker.attempts(id);
		assertThat(attempts).filteredOn(attempt -> attempt.operation().equals("get_policy"))
			.extracting(SubmissionAttempt::httpStatus)
			.contains(404, 200);
	}

	@Test
	void aPolicyIamNeverServesFailsTheGrantKeepingItsIdAndARetryFinishesItOnceIamCatchesUp() {
		iam.readsAsMissingAfterCreation(Duration.ofSeconds(4));
		String account = OwnBroker.newAccount();
		UUID id = broker.requestBackup(account);

		Grant failed = broker.awaitFinal(id);

		assertThat(failed.status()).isEqualTo(GrantStatus.FAILED);
		assertThat(failed.confirmedAt()).isNull();
		assertThat(failed.policies()).allSatisfy(policy -> {
			assertThat(policy.status()).isEqualTo(PolicyStatus.FAILED);
			assertThat(policy.iamPolicyId()).as("created, so a revoke would delete it").isNotNull();
			assertThat(policy.lastError().code()).isEqualTo("policy_not_served");
			assertThat(policy.lastError().message()).contains(policy.iamPolicyId(), "within PT2S");
		});
		assertThat(iam.policiesIn(account)).hasSize(4);

		await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
		broker.retry(id);
		Grant retried = broker.awaitFinal(id);

		assertThat(retried.status()).isEqualTo(GrantStatus.SUCCEEDED);
		assertThat(retried.confirmedAt()).isNotNull();
		assertThat(retried.policies()).allSatisfy(policy -> {
			assertThat(policy.status()).as("IAM's 409 names the policy by this grant's mark")
				.isEqualTo(PolicyStatus.CREATED);
			assertThat(policy.iamPolicyId()).isEqualTo(failed.policies().get(policy.ordinal()).iamPolicyId());
		});
		assertThat(iam.policiesIn(account)).as("no policy made twice").hasSize(4);
		assertThat(iam.createdCount()).isEqualTo(4);
	}

}

package dev.s2s.broker.iam;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The read-back of what a submission created, adopted or extended, until IAM serves it,
 * against the IAM stand-in with a 5 s confirm timeout; pauses are recorded, not slept.
 */
class PolicyConfirmationTest extends IamStandInCase {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String OTHER = "fedcba9876543210fedcba9876543210";

	private static final String OPERATOR = "crn:v1:bluemix:public:iam::::role:Operator";

	private static final String VIEWER = "crn:v1:bluemix:public:iam::::role:Viewer";

	private static final RecipeCatalog catalog = new RecipeCatalog();

	private final List<IamAttempt> attempts = new CopyOnWriteArrayList<>();

	private StandInAdapter adapter;

	private PolicyConfirmation confirmation;

	@BeforeEach
	void freshAdapter() {
		adapter = StandInAdapter.of(iam);
		confirmation = adapter.confirmation;
	}

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	@Test
	void confirmsACreatedPolicyOnlyOnceIamServesItReadingAgainWhileItReadsAsMissing() {
		SubmissionOutcome created = create("tx-confirm");
		iam.failNext(Operation.GET_POLICY, Fault.status(404), Fault.status(404));

		SubmissionOutcome confirmed = confirmation.confirm(created, volumePolicy(), "tx-confirm", attempts::add);

		assertThat(confirmed).isEqualTo(created);
		assertThat(attempts).extracting(IamAttempt::operation, IamAttempt::httpStatus)
			.containsExactly(tuple("create_policy", 201), tuple("get_policy", 404), tuple("get_policy", 404),
					tuple("get_policy", 200));
		assertThat(adapter.pauses).containsExactly(100L, 200L);
		assertThat(adapter.retriesCounted()).as("waiting for IAM to serve is no retry").isZero();
	}

	@Test
	void failsACreatedPolicyIamNeverServesWithinTheConfirmTimeoutKeepingItsId() {
		iam.readsAsMissingAfterCreation(Duration.ofHours(1));
		SubmissionOutcome created = create("tx-unserved");
		String id = ((SubmissionOutcome.Created) created).policyId();

		SubmissionOutcome outcome = confirmation.confirm(created, volumePolicy(), "tx-unserved", attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.createdPolicyId()).isEqualTo(id);
			assertThat(failed.error().code()).isEqualTo("policy_not_served");
			assertThat(failed.error().message()).contains("created policy " + id, "within PT5S", "answered 404",
					(adapter.pauses.size() + 1) + " reads");
		});
		assertThat(adapter.pauses).as("pauses doubling from 100 ms up to 2 s, within the 5 s confirm timeout")
			.startsWith(100L, 200L, 400L, 800L, 1_600L)
			.allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(2_000L));
		assertThat(adapter.pauses.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(5_000L);
		assertThat(attempts).filteredOn(attempt -> attempt.operation().equals("get_policy"))
			.hasSize(adapter.pauses.size() + 1)
			.allSatisfy(attempt -> assertThat(attempt.httpStatus()).isEqualTo(404));
	}

	@Test
	void failsAnAdoptedPolicyIamNeverServesWithoutTakingItAsTheBrokers() {
		String id = iam.givenPolicy(volumePolicy());
		for (int i = 0; i < 20; i++) {
			iam.failNext(Operation.GET_POLICY, Fault.status(404));
		}

		SubmissionOutcome outcome = confirmation.confirm(new SubmissionOutcome.Existed(id), volumePolicy(),
				"tx-adopted", attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.createdPolicyId()).as("a revoke must not delete what someone else made").isNull();
			assertThat(failed.error().message()).contains("named as existing policy " + id);
		});
	}

	@Test
	void readsAgainWhileIamServesAnExtendedPolicyWithoutTheRolesAdded() {
		PolicyDocument volume = volumePolicy();
		String id = iam.givenPolicy(withRoles(volume, VIEWER));

		SubmissionOutcome outcome = confirmation.confirm(new SubmissionOutcome.Extended(id, List.of(OPERATOR)), volume,
				"tx-extended", attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.error().code()).isEqualTo("policy_not_served");
			assertThat(failed.error().message()).contains("answered 200 without roles [" + OPERATOR + "]");
		});
		assertThat(attempts).filteredOn(attempt -> attempt.operation().equals("get_policy"))
			.hasSize(adapter.pauses.size() + 1);
	}

	@Test
	void confirmsAnAdoptedPolicyWhoseRoleIamServesUnderAnotherCrnNamespace() {
		PolicyDocument pinned = dnsSharing();
		String id = iam.givenPolicy(withRoles(pinned, "crn:v1:bluemix:public:iam::::serviceRole:DNSBindingConnector"));
		SubmissionOutcome adopted = new SubmissionOutcome.Existed(id);

		assertThat(confirmation.confirm(adopted, pinned, "tx-namespace", attempts::add)).isEqualTo(adopted);
		assertThat(attempts).hasSize(1);
		assertThat(adapter.pauses).isEmpty();
	}

	@Test
	void waitsAsIamAsksWhenAReadBackIsThrottled() {
		SubmissionOutcome created = create("tx-throttled");
		iam.failNext(Operation.GET_POLICY, Fault.tooManyRequests(3));

		assertThat(confirmation.confirm(created, volumePolicy(), "tx-throttled", attempts::add)).isEqualTo(created);
		assertThat(adapter.pauses).containsExactly(3_000L);
	}

	@Test
	void readsAgainAfterAServerErrorOrALostAnswer() {
		SubmissionOutcome created = create("tx-5xx");
		// A read IAM answers after the broker's read timeout (800 ms) got no answer.
		iam.failNext(Operation.GET_POLICY, Fault.status(503), Fault.latency(Duration.ofSeconds(2)));

		assertThat(confirmation.confirm(created, volumePolicy(), "tx-5xx", attempts::add)).isEqualTo(created);
		assertThat(attempts).filteredOn(attempt -> attempt.operation().equals("get_policy"))
			.extracting(IamAttempt::httpStatus)
			.containsExactly(503, null, 200);
		assertThat(adapter.pauses).containsExactly(100L, 200L);
	}

	@Test
	void failsAtOnceWhenIamRefusesToReadThePolicyBack() {
		SubmissionOutcome created = create("tx-forbidden");
		iam.failNext(Operation.GET_POLICY, Fault.status(403));

		SubmissionOutcome outcome = confirmation.confirm(created, volumePolicy(), "tx-forbidden", attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.error().status()).isEqualTo(403);
			assertThat(failed.error().message()).contains(((SubmissionOutcome.Created) created).policyId());
			assertThat(failed.createdPolicyId()).isEqualTo(((SubmissionOutcome.Created) created).policyId());
		});
		assertThat(adapter.pauses).isEmpty();
	}

	@Test
	void leavesOutcomesThatNameNoPolicyAsTheyAre() {
		SubmissionOutcome failed = new SubmissionOutcome.Failed(new IamError(400, "invalid_body", "no", null));
		SubmissionOutcome deleted = new SubmissionOutcome.Deleted("gone");

		assertThat(confirmation.confirm(failed, volumePolicy(), "tx", attempts::add)).isSameAs(failed);
		assertThat(confirmation.confirm(deleted, volumePolicy(), "tx", attempts::add)).isSameAs(deleted);
		assertThat(attempts).isEmpty();
	}

	@Test
	void anInterruptWhilePausingStopsTheReadBack() {
		StandInAdapter interrupted = StandInAdapter.withSleeper(iam, pause -> {
			throw new InterruptedException("shutdown");
		});
		SubmissionOutcome created = interrupted.writes.create(volumePolicy(), "tx-interrupted", 0, attempts::add);
		iam.failNext(Operation.GET_POLICY, Fault.status(404));

		assertThatExceptionOfType(SubmissionInterrupted.class).isThrownBy(
				() -> interrupted.confirmation.confirm(created, volumePolicy(), "tx-interrupted", attempts::add));
		assertThat(Thread.currentThread().isInterrupted()).as("the interrupt kept for the caller").isTrue();
	}

	private SubmissionOutcome create(String transactionId) {
		return adapter.writes.create(volumePolicy(), transactionId, 0, attempts::add);
	}

	private static PolicyDocument withRoles(PolicyDocument document, String... roles) {
		return new PolicyDocument(document.type(), document.subjects(),
				List.of(roles).stream().map(PolicyDocument.Role::new).toList(), document.resources());
	}

	private static PolicyDocument volumePolicy() {
		return catalog.expand(catalog.intent("vpc-backup", Map.of("accountId", ACCOUNT))).get(0);
	}

	private static PolicyDocument dnsSharing() {
		return catalog
			.expand(catalog.intent("vpe-dns-sharing", Map.of("spokeAccountId", OTHER, "hubAccountId", ACCOUNT,
					"hubVpcId", "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c")))
			.get(0);
	}

}

package dev.s2s.broker.iam;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.StandInAccounts;
import dev.s2s.broker.standin.IamStandIn.ConflictDetail;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The IAM adapter against the IAM stand-in, over real HTTP on loopback; pauses are
 * recorded, not slept.
 */
class IamPoliciesTest extends IamStandInCase {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final RecipeCatalog catalog = new RecipeCatalog();

	/** A description as the broker marks its documents. */
	private static final String MARK = "s2s-broker grant 00000000-0000-0000-0000-000000000001 policy 0";

	private final List<Long> pauses = new CopyOnWriteArrayList<>();

	private final List<IamAttempt> attempts = new CopyOnWriteArrayList<>();

	private IamPolicies policies;

	@BeforeEach
	void freshAdapter() {
		policies = adapter(iam.apiKey(), 4);
	}

	@Test
	void createsThePolicyAndReportsIamsId() {
		PolicyDocument document = volumePolicy(ACCOUNT);

		SubmissionOutcome outcome = policies.submit(document, "tx-created", attempts::add);

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		String id = ((SubmissionOutcome.Created) outcome).policyId();
		assertThat(iam.policiesIn(ACCOUNT)).singleElement().satisfies(policy -> {
			assertThat(policy.path("id").asString()).isEqualTo(id);
			assertThat(policy.path("type").asString()).isEqualTo("authorization");
		});
		IamStandIn.Received create = iam.received()
			.stream()
			.filter(r -> r.path().equals("/v1/policies"))
			.findFirst()
			.orElseThrow();
		assertThat(create.transactionId()).isEqualTo("tx-created");
		assertThat(create.authorization()).startsWith("Bearer ey");
		assertThat(attempts).singleElement().satisfies(attempt -> {
			assertThat(attempt.operation()).isEqualTo("create_policy");
			assertThat(attempt.httpStatus()).isEqualTo(201);
			assertThat(attempt.error()).isNull();
		});
		assertThat(pauses).isEmpty();
	}

	@Test
	void sendsExactlyThePolicyDocumentAsJson() {
		policies.submit(volumePolicy(ACCOUNT).describedAs(MARK), "tx-body", attempts::add);

		String body = iam.received()
			.stream()
			.filter(r -> r.path().equals("/v1/policies"))
			.findFirst()
			.orElseThrow()
			.body();
		assertThat(JsonMapper.builder().build().readTree(body))
			.isEqualTo(JsonMapper.builder().build().valueToTree(volumePolicy(ACCOUNT).describedAs(MARK)));
		assertThat(iam.policiesIn(ACCOUNT)).singleElement()
			.satisfies(policy -> assertThat(policy.path("description").asString()).isEqualTo(MARK));
	}

	@ParameterizedTest
	@ValueSource(strings = { "POLICY_ID", "POLICY_OBJECT", "NONE" })
	void adoptsTheExistingPolicyOnConflictHoweverIamNamesIt(String detail) {
		String existing = iam.givenPolicy(volumePolicy(ACCOUNT));
		iam.conflictDetail(ConflictDetail.valueOf(detail));

		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT), "tx-conflict", attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Existed(existing));
		assertThat(iam.policiesIn(ACCOUNT)).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "POLICY_ID", "POLICY_OBJECT", "NONE" })
	void takesAConflictingPolicyWithTheDocumentsOwnDescriptionAsCreatedHoweverIamNamesIt(String detail) {
		PolicyDocument marked = volumePolicy(ACCOUNT).describedAs(MARK);
		String earlier = iam.givenPolicy(marked);
		iam.conflictDetail(ConflictDetail.valueOf(detail));

		SubmissionOutcome outcome = policies.submit(marked, "tx-own", attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Created(earlier));
		assertThat(iam.policiesIn(ACCOUNT)).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "POLICY_ID", "POLICY_OBJECT", "NONE" })
	void adoptsAConflictingPolicyWithAnotherDescriptionOrNoneHoweverIamNamesIt(String detail) {
		String unmarked = iam.givenPolicy(volumePolicy(ACCOUNT));
		String ofAnotherGrant = iam.givenPolicy(
				snapshotPolicy(ACCOUNT).describedAs("s2s-broker grant 00000000-0000-0000-0000-000000000002 policy 1"));
		iam.conflictDetail(ConflictDetail.valueOf(detail));

		SubmissionOutcome first = policies.submit(volumePolicy(ACCOUNT).describedAs(MARK), "tx-unmarked",
				attempts::add);
		SubmissionOutcome second = policies.submit(snapshotPolicy(ACCOUNT).describedAs(MARK), "tx-other",
				attempts::add);

		assertThat(first).isEqualTo(new SubmissionOutcome.Existed(unmarked));
		assertThat(second).isEqualTo(new SubmissionOutcome.Existed(ofAnotherGrant));
		assertThat(iam.policiesIn(ACCOUNT)).hasSize(2);
	}

	@Test
	void aCreateWhoseAnswerWasLostEndsCreatedNotAdopted() {
		// IAM creates the policy and answers after the broker's read timeout (800ms): the
		// retry meets the 409.
		iam.failNext(Operation.CREATE_POLICY, Fault.answerLate(Duration.ofSeconds(2)));

		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT).describedAs(MARK), "tx-lost", attempts::add);

		assertThat(iam.policiesIn(ACCOUNT)).singleElement()
			.satisfies(policy -> assertThat(outcome)
				.isEqualTo(new SubmissionOutcome.Created(policy.path("id").asString())));
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(null, 409, 200);
	}

	@Test
	void retriesTheCreateWhenTheConflictingPolicyCannotBeReadYet() {
		String earlier = iam.givenPolicy(volumePolicy(ACCOUNT).describedAs(MARK));
		iam.failNext(Operation.GET_POLICY, Fault.status(503));

		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT).describedAs(MARK), "tx-get-503",
				attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Created(earlier));
		assertThat(attempts).extracting(attempt -> attempt.operation() + " " + attempt.httpStatus())
			.containsExactly("create_policy 409", "get_policy 503", "create_policy 409", "get_policy 200");
	}

	@Test
	void retriesAfterTooManyRequestsHonouringRetryAfter() {
		iam.failNext(Operation.CREATE_POLICY, Fault.tooManyRequests(7));

		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT), "tx-429", attempts::add);

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(pauses).containsExactly(7_000L);
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(429, 201);
		assertThat(policies.limit().limit()).as("halved by the 429, then one more for the success").isEqualTo(5);
		assertThat(attempts.get(0).error().code()).isEqualTo("too_many_requests");
	}

	@Test
	void capsRetryAfterAtTheConfiguredMaximum() {
		iam.failNext(Operation.CREATE_POLICY, Fault.tooManyRequests(3600));

		policies.submit(volumePolicy(ACCOUNT), "tx-429-long", attempts::add);

		assertThat(pauses).containsExactly(60_000L);
	}

	@Test
	void retriesServerErrorsWithExponentialBackoffAndJitter() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(503), Fault.status(500), Fault.status(502));

		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT), "tx-5xx", attempts::add);

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(pauses).hasSize(3);
		assertThat(pauses.get(0)).isBetween(50L, 100L);
		assertThat(pauses.get(1)).isBetween(100L, 200L);
		assertThat(pauses.get(2)).isBetween(200L, 400L);
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(503, 500, 502, 201);
	}

	@Test
	void retriesDroppedConnections() {
		iam.failNext(Operation.CREATE_POLICY, Fault.dropConnection());

		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT), "tx-reset", attempts::add);

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(attempts.get(0).httpStatus()).isNull();
		assertThat(attempts.get(0).error().code()).isEqualTo("transport_error");
		assertThat(iam.policiesIn(ACCOUNT)).hasSize(1);
	}

	@Test
	void retriesTimeouts() {
		iam.failNext(Operation.CREATE_POLICY, Fault.latency(Duration.ofSeconds(3)));

		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT), "tx-timeout", attempts::add);

		assertThat(outcome).isInstanceOfAny(SubmissionOutcome.Created.class, SubmissionOutcome.Existed.class);
		assertThat(attempts.get(0).error().code()).isEqualTo("transport_error");
		assertThat(iam.policiesIn(ACCOUNT)).hasSize(1);
	}

	/**
	 * Issue 11: the worker makes one attempt per claim and waits out the back-off with
	 * the policy back in its queue, holding no slot; the pause is the one a retry here
	 * would take.
	 */
	@Test
	void oneAttemptDefersATransientFailureByTheBackOffARetryWouldTakeWithoutPausing() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(503), Fault.status(502), Fault.tooManyRequests(7));

		SubmissionOutcome first = policies.attemptSubmission(volumePolicy(ACCOUNT), "tx-once", 0, attempts::add);
		SubmissionOutcome second = policies.attemptSubmission(volumePolicy(ACCOUNT), "tx-once", 1, attempts::add);
		SubmissionOutcome throttled = policies.attemptSubmission(volumePolicy(ACCOUNT), "tx-once", 2, attempts::add);
		SubmissionOutcome created = policies.attemptSubmission(volumePolicy(ACCOUNT), "tx-once", 3, attempts::add);

		assertThat(first).isInstanceOfSatisfying(SubmissionOutcome.Deferred.class, deferred -> {
			assertThat(deferred.error().status()).isEqualTo(503);
			assertThat(deferred.backOff()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
		});
		assertThat(second).isInstanceOfSatisfying(SubmissionOutcome.Deferred.class,
				deferred -> assertThat(deferred.backOff()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200)));
		assertThat(throttled).isInstanceOfSatisfying(SubmissionOutcome.Deferred.class,
				deferred -> assertThat(deferred.backOff()).isEqualTo(Duration.ofSeconds(7)));
		assertThat(created).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(pauses).as("no pause taken in the thread").isEmpty();
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(503, 502, 429, 201);
	}

	@Test
	void theLastAttemptAllowedFailsWithIamsErrorInsteadOfDeferring() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(504));

		SubmissionOutcome outcome = policies.attemptSubmission(volumePolicy(ACCOUNT), "tx-last", 3, attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class,
				failed -> assertThat(failed.error().status()).isEqualTo(504));
		assertThat(pauses).isEmpty();
	}

	@Test
	void oneAttemptAtADeletionDefersAServerErrorAndTakesA404AsDeleted() {
		iam.failNext(Operation.DELETE_POLICY, Fault.status(503));

		SubmissionOutcome deferred = policies.attemptDeletion("no-such-policy", ACCOUNT, "tx-delete", 0, attempts::add);
		SubmissionOutcome deleted = policies.attemptDeletion("no-such-policy", ACCOUNT, "tx-delete", 1, attempts::add);

		assertThat(deferred).isInstanceOf(SubmissionOutcome.Deferred.class);
		assertThat(deleted).isEqualTo(new SubmissionOutcome.Deleted("no-such-policy"));
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(503, 404);
		assertThat(pauses).isEmpty();
	}

	/** The volume policy as someone made it in the console: Viewer, not Operator. */
	private String consoleMadeNarrowerVolumePolicy() {
		PolicyDocument volume = volumePolicy(ACCOUNT);
		return iam.givenPolicy(new PolicyDocument(volume.type(), volume.subjects(),
				List.of(new PolicyDocument.Role(VIEWER)), volume.resources())
			.describedAs("Made in the console"));
	}

	private static final String VIEWER = "crn:v1:bluemix:public:iam::::role:Viewer";

	private static final String OPERATOR = "crn:v1:bluemix:public:iam::::role:Operator";

	@Test
	void extendsAPolicyForTheSameSubjectAndResourceThatLacksARoleKeepingItsDescription() {
		String existing = consoleMadeNarrowerVolumePolicy();

		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT).describedAs(MARK), "tx-extend",
				attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Extended(existing, List.of(OPERATOR)));
		assertThat(iam.rolesOf(existing)).containsExactly(VIEWER, OPERATOR);
		assertThat(iam.policy(existing).path("description").asString()).isEqualTo("Made in the console");
		assertThat(attempts).extracting(IamAttempt::operation, IamAttempt::httpStatus)
			.containsExactly(tuple("create_policy", 409), tuple("get_policy", 200), tuple("update_policy", 200));
		assertThat(policies.confirm(outcome, volumePolicy(ACCOUNT), "tx-extend", attempts::add)).isEqualTo(outcome);
	}

	@Test
	void failsInsteadOfExtendingWhenTheOperatorSaysSoNamingThePolicyItsRolesAndTheMissingOnes() {
		String existing = consoleMadeNarrowerVolumePolicy();

		SubmissionOutcome outcome = adapter(iam.apiKey(), 4, false).submit(volumePolicy(ACCOUNT), "tx-no-extend",
				attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.error().code()).isEqualTo("policy_roles_missing");
			assertThat(failed.error().message()).contains(existing, VIEWER, OPERATOR,
					"broker.iam.extend-existing-policies is false");
		});
		assertThat(iam.rolesOf(existing)).containsExactly(VIEWER);
	}

	@Test
	void readsThePolicyAgainAndRepeatsTheUpdateWhenItsEtagWentStale() {
		String existing = consoleMadeNarrowerVolumePolicy();
		iam.failNext(Operation.UPDATE_POLICY, Fault.status(412));

		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT), "tx-stale", attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Extended(existing, List.of(OPERATOR)));
		assertThat(attempts).extracting(IamAttempt::operation, IamAttempt::httpStatus)
			.containsExactly(tuple("create_policy", 409), tuple("get_policy", 200), tuple("update_policy", 412),
					tuple("get_policy", 200), tuple("update_policy", 200));
		assertThat(iam.rolesOf(existing)).containsExactly(VIEWER, OPERATOR);
	}

	@Test
	void adoptsAWiderPolicyForTheSameSubjectAndResourceAsItIs() {
		PolicyDocument volume = volumePolicy(ACCOUNT);
		String wider = iam.givenPolicy(new PolicyDocument(volume.type(), volume.subjects(),
				List.of(new PolicyDocument.Role(OPERATOR), new PolicyDocument.Role(VIEWER)), volume.resources()));

		SubmissionOutcome outcome = policies.submit(volume, "tx-wider", attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Existed(wider));
		assertThat(attempts).extracting(IamAttempt::operation).doesNotContain("update_policy");
	}

	@Test
	void aRestoreGivesBackOnlyTheRolesAnExtensionAddedKeepingTheRest() {
		String existing = consoleMadeNarrowerVolumePolicy();
		policies.submit(volumePolicy(ACCOUNT), "tx-extend", attempts::add);

		SubmissionOutcome restored = policies.attemptRestore(existing, volumePolicy(ACCOUNT), List.of(OPERATOR),
				"tx-restore", 0, attempts::add);

		assertThat(restored).isEqualTo(new SubmissionOutcome.Restored(existing));
		assertThat(iam.rolesOf(existing)).containsExactly(VIEWER);
		assertThat(iam.policy(existing).path("description").asString()).isEqualTo("Made in the console");
	}

	@Test
	void fetchesAFreshTokenOnceWhenIamRejectsAnExpiredOne() {
		policies.submit(volumePolicy(ACCOUNT), "tx-first", attempts::add);
		iam.expireTokens();
		attempts.clear();

		SubmissionOutcome outcome = policies.submit(snapshotPolicy(ACCOUNT), "tx-second", attempts::add);

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(401, 201);
		assertThat(tokenGrants())
			.as("the account's profile token first; IAM no longer takes the base token it "
					+ "is assumed with either, so that is replaced too, once")
			.containsExactly("apikey", "assume", "assume", "apikey", "assume");
		assertThat(pauses).isEmpty();
	}

	@Test
	void replacesOnlyTheRejectedAccountsTokenKeepingTheBaseToken() {
		policies.submit(volumePolicy(ACCOUNT), "tx-first", attempts::add);
		iam.expireTokensIn(ACCOUNT);
		attempts.clear();

		SubmissionOutcome outcome = policies.submit(snapshotPolicy(ACCOUNT), "tx-second", attempts::add);

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(401, 201);
		assertThat(tokenGrants()).containsExactly("apikey", "assume", "assume");
	}

	@Test
	void actsInTheTargetAccountAsThatAccountsTrustedProfile() {
		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT), "tx-profile", attempts::add);

		String profile = iam.profile(ACCOUNT, StandInAccounts.TEMPLATE_PROFILE).iamId();
		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(attempts).singleElement().extracting(IamAttempt::iamId).isEqualTo(profile);
		assertThat(iam.policiesIn(ACCOUNT)).singleElement()
			.satisfies(policy -> assertThat(policy.path("created_by_id").asString()).isEqualTo(profile));
	}

	/** The grant types of the token requests IAM received, oldest first. */
	private List<String> tokenGrants() {
		return iam.received()
			.stream()
			.filter(r -> r.path().equals("/identity/token"))
			.map(r -> r.body().replaceAll(".*grant-type%3A([a-z-]+).*", "$1"))
			.toList();
	}

	@Test
	void failsAtOnceOnBadRequestKeepingIamsMessage() {
		// IBM's own API example for Backup for VPC: "type": "access" and "serviceName":
		// "is.volume".
		PolicyDocument ibmsExample = new PolicyDocument("access",
				List.of(new PolicyDocument.Subject(List.of(new PolicyDocument.Attribute("accountId", ACCOUNT),
						new PolicyDocument.Attribute("serviceName", "is"),
						new PolicyDocument.Attribute("resourceType", "backup-policy")))),
				List.of(new PolicyDocument.Role("crn:v1:bluemix:public:iam::::role:Operator")),
				List.of(new PolicyDocument.Resource(List.of(new PolicyDocument.Attribute("accountId", ACCOUNT),
						new PolicyDocument.Attribute("serviceName", "is.volume")))));

		SubmissionOutcome outcome = policies.submit(ibmsExample, "tx-400", attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.error().status()).isEqualTo(400);
			assertThat(failed.error().code()).isEqualTo("invalid_body");
			assertThat(failed.error().message())
				.isEqualTo("An access policy needs an iam_id or access_group_id subject.");
			assertThat(failed.error().trace()).hasSize(32);
		});
		assertThat(attempts).hasSize(1);
		assertThat(pauses).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 403, 404, 422 })
	void failsAtOnceOnAnswersThatRetryingCannotChange(int status) {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(status));

		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT), "tx-" + status, attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class,
				failed -> assertThat(failed.error().status()).isEqualTo(status));
		assertThat(attempts).hasSize(1);
		assertThat(iam.policiesIn(ACCOUNT)).isEmpty();
	}

	@Test
	void failsWithTheLastErrorWhenRetriesRunOut() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(503), Fault.status(503), Fault.status(503),
				Fault.status(504));

		SubmissionOutcome outcome = policies.submit(volumePolicy(ACCOUNT), "tx-exhausted", attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class,
				failed -> assertThat(failed.error().status()).isEqualTo(504));
		assertThat(attempts).hasSize(4);
		assertThat(pauses).hasSize(3);
	}

	@Test
	void failsWithoutRetryingWhenIamRefusesTheApiKey() {
		IamPolicies withWrongKey = adapter("not-the-key", 4);

		SubmissionOutcome outcome = withWrongKey.submit(volumePolicy(ACCOUNT), "tx-key", attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.error().code()).isEqualTo("token_request_failed");
			assertThat(failed.error().message()).contains("Provided API key could not be found.")
				.doesNotContain("not-the-key");
		});
		assertThat(pauses).isEmpty();
	}

	@Test
	void retriesWhenTheTokenEndpointIsUnavailable() {
		IamPolicies fresh = adapter(iam.apiKey(), 4);
		iam.failNext(Operation.TOKEN, Fault.status(503));

		SubmissionOutcome outcome = fresh.submit(volumePolicy(ACCOUNT), "tx-token-503", attempts::add);

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(attempts).extracting(IamAttempt::operation).containsExactly("token", "create_policy");
	}

	@Test
	void neverPutsTheApiKeyOrATokenIntoWhatItReports() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(503), Fault.dropConnection());
		policies.submit(volumePolicy(ACCOUNT), "tx-secrets", attempts::add);
		iam.expireTokens();
		policies.submit(snapshotPolicy(ACCOUNT), "tx-secrets-2", attempts::add);

		String reported = attempts.toString();
		assertThat(reported).doesNotContain(iam.apiKey());
		iam.received()
			.stream()
			.map(IamStandIn.Received::authorization)
			.filter(header -> header != null)
			.forEach(header -> assertThat(reported).doesNotContain(header.substring("Bearer ".length())));
	}

	@Test
	void deletesAPolicy() {
		String id = iam.givenPolicy(volumePolicy(ACCOUNT));

		SubmissionOutcome outcome = policies.delete(id, ACCOUNT, "tx-delete", attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Deleted(id));
		assertThat(iam.policiesIn(ACCOUNT)).isEmpty();
		assertThat(attempts).singleElement().satisfies(attempt -> {
			assertThat(attempt.operation()).isEqualTo("delete_policy");
			assertThat(attempt.httpStatus()).isEqualTo(204);
		});
	}

	@Test
	void takesNotFoundAsAlreadyDeleted() {
		SubmissionOutcome outcome = policies.delete("no-such-policy", ACCOUNT, "tx-delete-404", attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Deleted("no-such-policy"));
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(404);
	}

	@Test
	void retriesTransientFailuresOfADelete() {
		String id = iam.givenPolicy(volumePolicy(ACCOUNT));
		iam.failNext(Operation.DELETE_POLICY, Fault.tooManyRequests(2), Fault.status(503), Fault.dropConnection());

		SubmissionOutcome outcome = policies.delete(id, ACCOUNT, "tx-delete-retry", attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Deleted(id));
		assertThat(pauses).hasSize(3).first().isEqualTo(2_000L);
		assertThat(iam.policiesIn(ACCOUNT)).isEmpty();
	}

	@Test
	void failsADeleteThatIamForbids() {
		String id = iam.givenPolicy(volumePolicy(ACCOUNT));
		iam.failNext(Operation.DELETE_POLICY, Fault.status(403));

		SubmissionOutcome outcome = policies.delete(id, ACCOUNT, "tx-delete-403", attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class,
				failed -> assertThat(failed.error().status()).isEqualTo(403));
		assertThat(iam.policiesIn(ACCOUNT)).hasSize(1);
	}

	@Test
	void confirmsACreatedPolicyOnlyOnceIamServesItReadingAgainWhileItReadsAsMissing() {
		SubmissionOutcome created = policies.submit(volumePolicy(ACCOUNT), "tx-confirm", attempts::add);
		iam.failNext(Operation.GET_POLICY, Fault.status(404), Fault.status(404));

		SubmissionOutcome confirmed = policies.confirm(created, volumePolicy(ACCOUNT), "tx-confirm", attempts::add);

		assertThat(confirmed).isEqualTo(created);
		assertThat(attempts).extracting(IamAttempt::operation, IamAttempt::httpStatus)
			.containsExactly(tuple("create_policy", 201), tuple("get_policy", 404), tuple("get_policy", 404),
					tuple("get_policy", 200));
		assertThat(pauses).containsExactly(100L, 200L);
	}

	@Test
	void failsACreatedPolicyIamNeverServesWithinTheConfirmTimeoutKeepingItsId() {
		iam.readsAsMissingAfterCreation(Duration.ofHours(1));
		SubmissionOutcome created = policies.submit(volumePolicy(ACCOUNT), "tx-unserved", attempts::add);
		String id = ((SubmissionOutcome.Created) created).policyId();

		SubmissionOutcome outcome = policies.confirm(created, volumePolicy(ACCOUNT), "tx-unserved", attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.createdPolicyId()).isEqualTo(id);
			assertThat(failed.error().code()).isEqualTo("policy_not_served");
			assertThat(failed.error().message()).contains("created policy " + id, "within PT5S", "answered 404");
		});
		assertThat(pauses).as("pauses doubling from 100 ms up to 2 s, within the 5 s confirm timeout")
			.startsWith(100L, 200L, 400L, 800L, 1_600L)
			.allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(2_000L));
		assertThat(pauses.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(5_000L);
		assertThat(attempts).filteredOn(attempt -> attempt.operation().equals("get_policy"))
			.hasSize(pauses.size() + 1)
			.allSatisfy(attempt -> assertThat(attempt.httpStatus()).isEqualTo(404));
	}

	@Test
	void failsAnAdoptedPolicyIamNeverServesWithoutTakingItAsTheBrokers() {
		String id = iam.givenPolicy(volumePolicy(ACCOUNT));
		for (int i = 0; i < 20; i++) {
			iam.failNext(Operation.GET_POLICY, Fault.status(404));
		}

		SubmissionOutcome outcome = policies.confirm(new SubmissionOutcome.Existed(id), volumePolicy(ACCOUNT),
				"tx-adopted", attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.createdPolicyId()).as("a revoke must not delete what someone else made").isNull();
			assertThat(failed.error().message()).contains("named as existing policy " + id);
		});
	}

	@Test
	void waitsAsIamAsksWhenAReadBackIsThrottled() {
		SubmissionOutcome created = policies.submit(volumePolicy(ACCOUNT), "tx-throttled", attempts::add);
		iam.failNext(Operation.GET_POLICY, Fault.tooManyRequests(3));

		assertThat(policies.confirm(created, volumePolicy(ACCOUNT), "tx-throttled", attempts::add)).isEqualTo(created);
		assertThat(pauses).containsExactly(3_000L);
	}

	@Test
	void failsAtOnceWhenIamRefusesToReadThePolicyBack() {
		SubmissionOutcome created = policies.submit(volumePolicy(ACCOUNT), "tx-forbidden", attempts::add);
		iam.failNext(Operation.GET_POLICY, Fault.status(403));

		SubmissionOutcome outcome = policies.confirm(created, volumePolicy(ACCOUNT), "tx-forbidden", attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.error().status()).isEqualTo(403);
			assertThat(failed.createdPolicyId()).isEqualTo(((SubmissionOutcome.Created) created).policyId());
		});
		assertThat(pauses).isEmpty();
	}

	@Test
	void leavesOutcomesThatNameNoPolicyAsTheyAre() {
		SubmissionOutcome failed = new SubmissionOutcome.Failed(new IamError(400, "invalid_body", "no", null));
		SubmissionOutcome deleted = new SubmissionOutcome.Deleted("gone");

		assertThat(policies.confirm(failed, volumePolicy(ACCOUNT), "tx", attempts::add)).isSameAs(failed);
		assertThat(policies.confirm(deleted, volumePolicy(ACCOUNT), "tx", attempts::add)).isSameAs(deleted);
		assertThat(attempts).isEmpty();
	}

	private IamPolicies adapter(String apiKey, int maxAttempts) {
		return adapter(apiKey, maxAttempts, true);
	}

	private IamPolicies adapter(String apiKey, int maxAttempts, boolean extendExisting) {
		IamProperties properties = new IamProperties(iam.url(), apiKey, Duration.ofSeconds(2), Duration.ofMillis(800),
				new IamProperties.Retry(maxAttempts, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5),
						Duration.ofSeconds(60)),
				8, 32, Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofSeconds(2),
				EnterpriseOfStandIn.NO_COMPUTE_RESOURCE, null, EnterpriseOfStandIn.TEMPLATE_PROFILE, 32,
				extendExisting);
		return IamConfiguration.create(RestClient.builder(), properties, JsonMapper.builder().build(), pauses::add,
				new SimpleMeterRegistry());
	}

	private static PolicyDocument volumePolicy(String account) {
		return catalog.expand(catalog.intent("vpc-backup", Map.of("accountId", account))).get(0);
	}

	private static PolicyDocument snapshotPolicy(String account) {
		return catalog.expand(catalog.intent("vpc-backup", Map.of("accountId", account))).get(1);
	}

}

package dev.s2s.broker.iam;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.IamStandIn.ConflictDetail;
import dev.s2s.broker.standin.IamStandIn.Operation;
import dev.s2s.broker.standin.StandInAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * One attempt at a create, a delete or a restore, as the queue makes them, against the
 * IAM stand-in over real HTTP on loopback: what each IAM answer makes of it. Transient
 * failures are {@link PolicyWritesDeferralTest}'s.
 */
class PolicyWritesTest extends IamStandInCase {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String OTHER = "fedcba9876543210fedcba9876543210";

	private static final RecipeCatalog catalog = new RecipeCatalog();

	/** A description as the broker marks its documents. */
	private static final String MARK = "s2s-broker grant 00000000-0000-0000-0000-000000000001 policy 0";

	private static final String VIEWER = "crn:v1:bluemix:public:iam::::role:Viewer";

	private static final String OPERATOR = "crn:v1:bluemix:public:iam::::role:Operator";

	private final List<IamAttempt> attempts = new CopyOnWriteArrayList<>();

	private StandInAdapter adapter;

	private PolicyWrites writes;

	@BeforeEach
	void freshAdapter() {
		adapter = StandInAdapter.of(iam);
		writes = adapter.writes;
	}

	@Test
	void createsThePolicyAndReportsIamsId() {
		PolicyDocument document = volumePolicy(ACCOUNT);

		SubmissionOutcome outcome = writes.create(document, "tx-created", 0, attempts::add);

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
		assertThat(adapter.pauses).isEmpty();
	}

	@Test
	void sendsExactlyThePolicyDocumentAsJson() {
		writes.create(volumePolicy(ACCOUNT).describedAs(MARK), "tx-body", 0, attempts::add);

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

		SubmissionOutcome outcome = writes.create(volumePolicy(ACCOUNT), "tx-conflict", 0, attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Existed(existing));
		assertThat(iam.policiesIn(ACCOUNT)).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "POLICY_ID", "POLICY_OBJECT", "NONE" })
	void takesAConflictingPolicyWithTheDocumentsOwnDescriptionAsCreatedHoweverIamNamesIt(String detail) {
		PolicyDocument marked = volumePolicy(ACCOUNT).describedAs(MARK);
		String earlier = iam.givenPolicy(marked);
		iam.conflictDetail(ConflictDetail.valueOf(detail));

		SubmissionOutcome outcome = writes.create(marked, "tx-own", 0, attempts::add);

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

		SubmissionOutcome first = writes.create(volumePolicy(ACCOUNT).describedAs(MARK), "tx-unmarked", 0,
				attempts::add);
		SubmissionOutcome second = writes.create(snapshotPolicy(ACCOUNT).describedAs(MARK), "tx-other", 0,
				attempts::add);

		assertThat(first).isEqualTo(new SubmissionOutcome.Existed(unmarked));
		assertThat(second).isEqualTo(new SubmissionOutcome.Existed(ofAnotherGrant));
		assertThat(iam.policiesIn(ACCOUNT)).hasSize(2);
	}

	/**
	 * Where the 409 path once compared role CRNs and recognition role names: IAM lists
	 * the DNS sharing role under {@code iam} while the catalog pins it under {@code is}.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "POLICY_ID", "POLICY_OBJECT", "NONE" })
	void adoptsAPolicyWhoseRoleIamListsUnderAnotherCrnNamespaceWithoutExtendingIt(String detail) {
		PolicyDocument pinned = dnsSharing(ACCOUNT);
		assertThat(pinned.roles()).extracting(PolicyDocument.Role::roleId)
			.containsExactly("crn:v1:bluemix:public:is::::serviceRole:DNSBindingConnector");
		String listed = iam
			.givenPolicy(withRoles(pinned, "crn:v1:bluemix:public:iam::::serviceRole:DNSBindingConnector"));
		iam.conflictDetail(ConflictDetail.valueOf(detail));

		SubmissionOutcome outcome = writes.create(pinned, "tx-namespace", 0, attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Existed(listed));
		assertThat(attempts).extracting(IamAttempt::operation).doesNotContain("update_policy");
		assertThat(iam.rolesOf(listed)).containsExactly("crn:v1:bluemix:public:iam::::serviceRole:DNSBindingConnector");
	}

	@Test
	void extendsAPolicyForTheSameSubjectAndResourceThatLacksARoleKeepingItsDescription() {
		String existing = consoleMadeNarrowerVolumePolicy();

		SubmissionOutcome outcome = writes.create(volumePolicy(ACCOUNT).describedAs(MARK), "tx-extend", 0,
				attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Extended(existing, List.of(OPERATOR)));
		assertThat(iam.rolesOf(existing)).containsExactly(VIEWER, OPERATOR);
		assertThat(iam.policy(existing).path("description").asString()).isEqualTo("Made in the console");
		assertThat(attempts).extracting(IamAttempt::operation, IamAttempt::httpStatus)
			.containsExactly(tuple("create_policy", 409), tuple("get_policy", 200), tuple("update_policy", 200));
		assertThat(adapter.confirmation.confirm(outcome, volumePolicy(ACCOUNT), "tx-extend", attempts::add))
			.isEqualTo(outcome);
	}

	@Test
	void failsInsteadOfExtendingWhenTheOperatorSaysSoNamingThePolicyItsRolesAndTheMissingOnes() {
		String existing = consoleMadeNarrowerVolumePolicy();

		SubmissionOutcome outcome = StandInAdapter.notExtending(iam).writes.create(volumePolicy(ACCOUNT),
				"tx-no-extend", 0, attempts::add);

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

		SubmissionOutcome outcome = writes.create(volumePolicy(ACCOUNT), "tx-stale", 0, attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Extended(existing, List.of(OPERATOR)));
		assertThat(attempts).extracting(IamAttempt::operation, IamAttempt::httpStatus)
			.containsExactly(tuple("create_policy", 409), tuple("get_policy", 200), tuple("update_policy", 412),
					tuple("get_policy", 200), tuple("update_policy", 200));
		assertThat(iam.rolesOf(existing)).containsExactly(VIEWER, OPERATOR);
	}

	@Test
	void adoptsAWiderPolicyForTheSameSubjectAndResourceAsItIs() {
		PolicyDocument volume = volumePolicy(ACCOUNT);
		String wider = iam.givenPolicy(withRoles(volume, OPERATOR, VIEWER));

		SubmissionOutcome outcome = writes.create(volume, "tx-wider", 0, attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Existed(wider));
		assertThat(attempts).extracting(IamAttempt::operation).doesNotContain("update_policy");
	}

	@Test
	void anAdoptionOnlyReadsAndAdoptsAWiderPolicyForTheSameSubjectAndResource() {
		PolicyDocument volume = volumePolicy(ACCOUNT);
		String wider = iam.givenPolicy(withRoles(volume, OPERATOR, VIEWER));

		SubmissionOutcome outcome = writes.adopt(volume, "tx-adopt", 0, attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Existed(wider));
		assertThat(attempts).extracting(IamAttempt::operation).containsOnly("list_policies");
		assertThat(iam.received()).filteredOn(r -> r.path().startsWith("/v1/policies"))
			.extracting(IamStandIn.Received::method)
			.containsOnly("GET");
	}

	@Test
	void anAdoptionFailsAsPolicyMissingOrPolicyRolesMissingAndWritesNothing() {
		SubmissionOutcome none = writes.adopt(volumePolicy(ACCOUNT), "tx-adopt-none", 0, attempts::add);
		String narrower = consoleMadeNarrowerVolumePolicy();
		SubmissionOutcome lacking = writes.adopt(volumePolicy(ACCOUNT), "tx-adopt-narrower", 0, attempts::add);

		assertThat(none).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.error().code()).isEqualTo("policy_missing");
			assertThat(failed.error().message()).contains(ACCOUNT, "retry");
		});
		assertThat(lacking).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.error().code()).isEqualTo("policy_roles_missing");
			assertThat(failed.error().message()).contains(narrower, OPERATOR);
		});
		assertThat(iam.rolesOf(narrower)).containsExactly(VIEWER);
		assertThat(iam.received()).filteredOn(r -> r.path().startsWith("/v1/policies"))
			.extracting(IamStandIn.Received::method)
			.containsOnly("GET");
	}

	@Test
	void aRestoreGivesBackOnlyTheRolesAnExtensionAddedKeepingTheRest() {
		String existing = consoleMadeNarrowerVolumePolicy();
		writes.create(volumePolicy(ACCOUNT), "tx-extend", 0, attempts::add);

		SubmissionOutcome restored = writes.restore(existing, volumePolicy(ACCOUNT), List.of(OPERATOR), "tx-restore", 0,
				attempts::add);

		assertThat(restored).isEqualTo(new SubmissionOutcome.Restored(existing));
		assertThat(iam.rolesOf(existing)).containsExactly(VIEWER);
		assertThat(iam.policy(existing).path("description").asString()).isEqualTo("Made in the console");
	}

	@Test
	void aRestoreGivesBackARoleIamListsUnderAnotherCrnNamespace() {
		PolicyDocument pinned = dnsSharing(ACCOUNT);
		String existing = iam
			.givenPolicy(withRoles(pinned, VIEWER, "crn:v1:bluemix:public:iam::::serviceRole:DNSBindingConnector"));

		SubmissionOutcome restored = writes.restore(existing, pinned,
				List.of("crn:v1:bluemix:public:is::::serviceRole:DNSBindingConnector"), "tx-restore", 0, attempts::add);

		assertThat(restored).isEqualTo(new SubmissionOutcome.Restored(existing));
		assertThat(iam.rolesOf(existing)).containsExactly(VIEWER);
	}

	@Test
	void aRestoreLeavesAPolicyGoneOrWithoutThoseRolesAsItIs() {
		String existing = consoleMadeNarrowerVolumePolicy();

		SubmissionOutcome without = writes.restore(existing, volumePolicy(ACCOUNT), List.of(OPERATOR), "tx-restore", 0,
				attempts::add);
		SubmissionOutcome onlyRole = writes.restore(existing, volumePolicy(ACCOUNT), List.of(VIEWER), "tx-restore", 0,
				attempts::add);
		SubmissionOutcome gone = writes.restore("no-such-policy", volumePolicy(ACCOUNT), List.of(OPERATOR),
				"tx-restore", 0, attempts::add);

		assertThat(List.of(without, onlyRole, gone)).containsExactly(new SubmissionOutcome.Restored(existing),
				new SubmissionOutcome.Restored(existing), new SubmissionOutcome.Restored("no-such-policy"));
		assertThat(iam.rolesOf(existing)).as("IAM holds no policy without a role").containsExactly(VIEWER);
		assertThat(attempts).extracting(IamAttempt::operation).doesNotContain("update_policy");
	}

	@Test
	void fetchesAFreshTokenOnceWhenIamRejectsAnExpiredOne() {
		writes.create(volumePolicy(ACCOUNT), "tx-first", 0, attempts::add);
		iam.expireTokens();
		attempts.clear();

		SubmissionOutcome outcome = writes.create(snapshotPolicy(ACCOUNT), "tx-second", 0, attempts::add);

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(401, 201);
		assertThat(tokenGrants())
			.as("the account's profile token first; IAM no longer takes the base token it "
					+ "is assumed with either, so that is replaced too, once")
			.containsExactly("apikey", "assume", "assume", "apikey", "assume");
		assertThat(adapter.pauses).isEmpty();
	}

	@Test
	void replacesOnlyTheRejectedAccountsTokenKeepingTheBaseToken() {
		writes.create(volumePolicy(ACCOUNT), "tx-first", 0, attempts::add);
		iam.expireTokensIn(ACCOUNT);
		attempts.clear();

		SubmissionOutcome outcome = writes.create(snapshotPolicy(ACCOUNT), "tx-second", 0, attempts::add);

		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(401, 201);
		assertThat(tokenGrants()).containsExactly("apikey", "assume", "assume");
	}

	@Test
	void actsInTheTargetAccountAsThatAccountsTrustedProfile() {
		SubmissionOutcome outcome = writes.create(volumePolicy(ACCOUNT), "tx-profile", 0, attempts::add);

		String profile = iam.profile(ACCOUNT, StandInAccounts.TEMPLATE_PROFILE).iamId();
		assertThat(outcome).isInstanceOf(SubmissionOutcome.Created.class);
		assertThat(attempts).singleElement().extracting(IamAttempt::iamId).isEqualTo(profile);
		assertThat(iam.policiesIn(ACCOUNT)).singleElement()
			.satisfies(policy -> assertThat(policy.path("created_by_id").asString()).isEqualTo(profile));
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

		SubmissionOutcome outcome = writes.create(ibmsExample, "tx-400", 0, attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.error().status()).isEqualTo(400);
			assertThat(failed.error().code()).isEqualTo("invalid_body");
			assertThat(failed.error().message())
				.isEqualTo("An access policy needs an iam_id or access_group_id subject.");
			assertThat(failed.error().trace()).hasSize(32);
		});
		assertThat(attempts).hasSize(1);
		assertThat(adapter.pauses).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 403, 404, 422 })
	void failsAtOnceOnAnswersThatRetryingCannotChange(int status) {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(status));

		SubmissionOutcome outcome = writes.create(volumePolicy(ACCOUNT), "tx-" + status, 0, attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class,
				failed -> assertThat(failed.error().status()).isEqualTo(status));
		assertThat(attempts).hasSize(1);
		assertThat(iam.policiesIn(ACCOUNT)).isEmpty();
		assertThat(adapter.retriesCounted()).isZero();
	}

	@Test
	void failsWithoutRetryingWhenIamRefusesTheApiKey() {
		StandInAdapter withWrongKey = StandInAdapter.withApiKey(iam, "not-the-key");

		SubmissionOutcome outcome = withWrongKey.writes.create(volumePolicy(ACCOUNT), "tx-key", 0, attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class, failed -> {
			assertThat(failed.error().code()).isEqualTo("token_request_failed");
			assertThat(failed.error().message()).contains("Provided API key could not be found.")
				.doesNotContain("not-the-key");
		});
		assertThat(withWrongKey.pauses).isEmpty();
	}

	@Test
	void neverPutsTheApiKeyOrATokenIntoWhatItReports() {
		iam.failNext(Operation.CREATE_POLICY, Fault.status(503), Fault.dropConnection());
		StandInAdapter.AsTheQueue queue = new StandInAdapter.AsTheQueue();
		queue.attempt(failedBefore -> writes.create(volumePolicy(ACCOUNT), "tx-secrets", failedBefore, attempts::add));
		iam.expireTokens();
		queue.attempt(
				failedBefore -> writes.create(snapshotPolicy(ACCOUNT), "tx-secrets-2", failedBefore, attempts::add));

		String reported = attempts.toString();
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(503, null, 201, 401, 201);
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

		SubmissionOutcome outcome = writes.delete(id, ACCOUNT, "tx-delete", 0, attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Deleted(id));
		assertThat(iam.policiesIn(ACCOUNT)).isEmpty();
		assertThat(attempts).singleElement().satisfies(attempt -> {
			assertThat(attempt.operation()).isEqualTo("delete_policy");
			assertThat(attempt.httpStatus()).isEqualTo(204);
		});
	}

	@Test
	void takesNotFoundAsAlreadyDeleted() {
		SubmissionOutcome outcome = writes.delete("no-such-policy", ACCOUNT, "tx-delete-404", 0, attempts::add);

		assertThat(outcome).isEqualTo(new SubmissionOutcome.Deleted("no-such-policy"));
		assertThat(attempts).extracting(IamAttempt::httpStatus).containsExactly(404);
	}

	@Test
	void failsADeleteThatIamForbids() {
		String id = iam.givenPolicy(volumePolicy(ACCOUNT));
		iam.failNext(Operation.DELETE_POLICY, Fault.status(403));

		SubmissionOutcome outcome = writes.delete(id, ACCOUNT, "tx-delete-403", 0, attempts::add);

		assertThat(outcome).isInstanceOfSatisfying(SubmissionOutcome.Failed.class,
				failed -> assertThat(failed.error().status()).isEqualTo(403));
		assertThat(iam.policiesIn(ACCOUNT)).hasSize(1);
	}

	/** The volume policy as someone made it in the console: Viewer, not Operator. */
	private String consoleMadeNarrowerVolumePolicy() {
		return iam.givenPolicy(withRoles(volumePolicy(ACCOUNT), VIEWER).describedAs("Made in the console"));
	}

	/** The grant types of the token requests IAM received, oldest first. */
	private List<String> tokenGrants() {
		return iam.received()
			.stream()
			.filter(r -> r.path().equals("/identity/token"))
			.map(r -> r.body().replaceAll(".*grant-type%3A([a-z-]+).*", "$1"))
			.toList();
	}

	private static PolicyDocument withRoles(PolicyDocument document, String... roles) {
		return new PolicyDocument(document.type(), document.subjects(),
				List.of(roles).stream().map(PolicyDocument.Role::new).toList(), document.resources());
	}

	private static PolicyDocument volumePolicy(String account) {
		return catalog.expand(catalog.intent("vpc-backup", Map.of("accountId", account))).get(0);
	}

	private static PolicyDocument snapshotPolicy(String account) {
		return catalog.expand(catalog.intent("vpc-backup", Map.of("accountId", account))).get(1);
	}

	private static PolicyDocument dnsSharing(String hubAccount) {
		return catalog
			.expand(catalog.intent("vpe-dns-sharing", Map.of("spokeAccountId", OTHER, "hubAccountId", hubAccount,
					"hubVpcId", "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c")))
			.get(0);
	}

}

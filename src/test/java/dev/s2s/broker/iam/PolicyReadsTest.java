package dev.s2s.broker.iam;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.PolicyIdentity;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import dev.s2s.broker.standin.IamStandIn.Received;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading what IAM holds against the IAM stand-in over real HTTP: a recorded policy
 * compared with its document (drift), the policy for a document's place (plans), and an
 * account's authorization policies, every page of them (inventories).
 */
class PolicyReadsTest extends IamStandInCase {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String OTHER = "fedcba9876543210fedcba9876543210";

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final String VIEWER = "crn:v1:bluemix:public:iam::::role:Viewer";

	private static final String OPERATOR = "crn:v1:bluemix:public:iam::::role:Operator";

	private static final String DNS_BINDING_UNDER_IAM = "crn:v1:bluemix:public:iam::::serviceRole:DNSBindingConnector";

	private static final RecipeCatalog catalog = new RecipeCatalog();

	private final List<IamAttempt> attempts = new CopyOnWriteArrayList<>();

	private StandInAdapter adapter;

	private PolicyReads reads;

	@BeforeEach
	void freshAdapter() {
		adapter = StandInAdapter.withReadTimeout(iam, Duration.ofSeconds(2));
		reads = adapter.reads;
	}

	@Test
	void aPolicyWithEveryRoleOfTheDocumentMatchesWhateverRolesItHasBeyondThem() {
		PolicyDocument volume = backupPolicies(ACCOUNT).get(0);
		String same = iam.givenPolicy(volume.describedAs("Made by the broker"));
		String wider = iam.givenPolicy(withRoles(backupPolicies(OTHER).get(0), OPERATOR, VIEWER));

		assertThat(reads.read(same, volume, "tx-drift", attempts::add)).isEqualTo(new PolicyReading.Matches(same));
		assertThat(reads.read(wider, backupPolicies(OTHER).get(0), "tx-drift", attempts::add))
			.isEqualTo(new PolicyReading.Matches(wider));
		assertThat(attempts).extracting(IamAttempt::operation).containsOnly("get_policy").hasSize(2);
	}

	@Test
	void aRoleIamListsUnderAnotherCrnNamespaceIsNoDrift() {
		PolicyDocument pinned = dnsSharing(ACCOUNT);
		String id = iam.givenPolicy(withRoles(pinned, DNS_BINDING_UNDER_IAM));

		assertThat(reads.read(id, pinned, "tx-drift", attempts::add)).isEqualTo(new PolicyReading.Matches(id));
	}

	@Test
	void aPolicyDeletedOutOfBandIsMissing() {
		PolicyDocument volume = backupPolicies(ACCOUNT).get(0);
		String id = iam.givenPolicy(volume);
		iam.removePolicy(id);

		assertThat(reads.read(id, volume, "tx-drift", attempts::add)).isEqualTo(new PolicyReading.Missing(id));
	}

	@Test
	void aRoleRemovedOutOfBandIsNamedByItsCrnInTheDocument() {
		PolicyDocument volume = backupPolicies(ACCOUNT).get(0);
		String id = iam.givenPolicy(volume);
		iam.changeRole(id, VIEWER);

		assertThat(reads.read(id, volume, "tx-drift", attempts::add))
			.isEqualTo(new PolicyReading.RolesMissing(id, List.of(OPERATOR)));
	}

	@Test
	void aPolicyForAnotherPlaceIsChangedShowingBoth() {
		PolicyDocument volume = backupPolicies(ACCOUNT).get(0);
		PolicyDocument snapshot = backupPolicies(ACCOUNT).get(1);
		String id = iam.givenPolicy(snapshot);

		assertThat(reads.read(id, volume, "tx-drift", attempts::add)).isInstanceOfSatisfying(
				PolicyReading.Changed.class, changed -> assertThat(changed.difference()).isEqualTo("IAM holds "
						+ PolicyIdentity.of(snapshot) + ", the broker submitted " + PolicyIdentity.of(volume)));
	}

	@Test
	void aDriftReadRetriesTransientFailuresWithBackOffThenIsUnreadable() {
		PolicyDocument volume = backupPolicies(ACCOUNT).get(0);
		String id = iam.givenPolicy(volume);
		iam.failNext(Operation.GET_POLICY, Fault.status(503), Fault.tooManyRequests(2));

		assertThat(reads.read(id, volume, "tx-drift", attempts::add)).isEqualTo(new PolicyReading.Matches(id));
		assertThat(adapter.pauses).hasSize(2).last().isEqualTo(2_000L);
		assertThat(adapter.pauses.get(0)).isBetween(50L, 100L);

		iam.failNext(Operation.GET_POLICY, Fault.status(500), Fault.status(500), Fault.status(500), Fault.status(502));
		assertThat(reads.read(id, volume, "tx-drift", attempts::add)).isInstanceOfSatisfying(
				PolicyReading.Unreadable.class,
				unreadable -> assertThat(unreadable.error().status()).as("IAM's last error").isEqualTo(502));
		assertThat(adapter.pauses).as("three more pauses: four attempts in all").hasSize(5);
		assertThat(adapter.retriesCounted()).isEqualTo(5);
	}

	@Test
	void aDriftReadIamRefusesIsUnreadableAtOnce() {
		PolicyDocument volume = backupPolicies(ACCOUNT).get(0);
		String id = iam.givenPolicy(volume);
		iam.failNext(Operation.GET_POLICY, Fault.status(403));

		assertThat(reads.read(id, volume, "tx-drift", attempts::add)).isInstanceOfSatisfying(
				PolicyReading.Unreadable.class, unreadable -> assertThat(unreadable.error().status()).isEqualTo(403));
		assertThat(adapter.pauses).isEmpty();
	}

	@Test
	void findsThePolicyForTheDocumentsPlaceAndTheRolesItLacks() {
		PolicyDocument volume = backupPolicies(ACCOUNT).get(0);
		String narrower = iam.givenPolicy(withRoles(volume, VIEWER));

		assertThat(reads.findExisting(volume, "tx-find", TIMEOUT, attempts::add))
			.contains(new ExistingPolicy(narrower, List.of(OPERATOR)));
		assertThat(reads.findExisting(backupPolicies(OTHER).get(0), "tx-find", TIMEOUT, attempts::add)).isEmpty();
	}

	/**
	 * Where plans once compared role CRNs and recognition role names: IAM lists the DNS
	 * sharing role under {@code iam} while the catalog pins it under {@code is}.
	 */
	@Test
	void aPolicyWhoseRoleIamListsUnderAnotherCrnNamespaceLacksNothing() {
		PolicyDocument pinned = dnsSharing(ACCOUNT);
		String listed = iam.givenPolicy(withRoles(pinned, DNS_BINDING_UNDER_IAM));

		assertThat(reads.findExisting(pinned, "tx-find", TIMEOUT, attempts::add))
			.contains(new ExistingPolicy(listed, List.of()));
	}

	@Test
	void listsEveryPageOfTheAccountsAuthorizationPoliciesFollowingNextStart() {
		iam.pageSize(2);
		List<PolicyDocument> given = new ArrayList<>(backupPolicies(ACCOUNT));
		given.add(dnsSharing(ACCOUNT));
		given.subList(0, 4).forEach(iam::givenPolicy);
		iam.givenPolicy(backupPolicies(OTHER).get(0));
		iam.givenPolicy(given.get(4));

		List<ListedPolicy> listed = reads.listAuthorizations(ACCOUNT, "tx-list", TIMEOUT, attempts::add);

		assertThat(listed).extracting(ListedPolicy::id)
			.containsExactlyElementsOf(iam.policiesIn(ACCOUNT).stream().map(p -> p.path("id").asString()).toList());
		assertThat(listed).extracting(policy -> comparable(policy.document()))
			.as("each policy as given, IAM's explicit stringEquals being the default")
			.containsExactlyElementsOf(given.stream().map(PolicyReadsTest::comparable).toList());
		List<String> queries = lists().stream().map(Received::query).toList();
		assertThat(queries).as("three pages of two, two and one").hasSize(3);
		assertThat(queries).allSatisfy(query -> assertThat(query).contains("account_id=" + ACCOUNT)
			.contains("type=authorization")
			.doesNotContain("limit="));
		assertThat(queries.get(0)).doesNotContain("start=");
		assertThat(queries.subList(1, 3)).as("the opaque token sent back encoded")
			.containsExactly("account_id=" + ACCOUNT + "&type=authorization&start=page%2B2",
					"account_id=" + ACCOUNT + "&type=authorization&start=page%2B4");
		assertThat(attempts).extracting(IamAttempt::operation).containsOnly("list_policies").hasSize(3);
	}

	@Test
	void findsAnEqualPolicyOnALaterPage() {
		iam.pageSize(2);
		List<PolicyDocument> given = backupPolicies(ACCOUNT);
		given.forEach(iam::givenPolicy);

		Optional<ExistingPolicy> found = reads.findExisting(given.get(3), "tx-find", TIMEOUT, attempts::add);

		assertThat(found).as("the fourth policy, on the second page").isPresent();
		assertThat(found.get().missingRoles()).isEmpty();
		assertThat(attempts).hasSize(2);
	}

	@Test
	void anAnswerWithoutNextIsTheLastPage() {
		backupPolicies(ACCOUNT).forEach(iam::givenPolicy);

		assertThat(reads.listAuthorizations(ACCOUNT, "tx-one", TIMEOUT, attempts::add)).hasSize(4);
		assertThat(lists()).hasSize(1);
		assertThat(reads.listAuthorizations(OTHER, "tx-none", TIMEOUT, attempts::add)).isEmpty();
	}

	@Test
	void aPageThatFailsFailsTheListingAtOnceWithoutRetrying() {
		iam.pageSize(2);
		backupPolicies(ACCOUNT).forEach(iam::givenPolicy);
		iam.failNext(Operation.LIST_POLICIES, Fault.latency(Duration.ZERO), Fault.status(500));

		assertThatExceptionOfType(IamUnavailable.class)
			.isThrownBy(() -> reads.listAuthorizations(ACCOUNT, "tx-500", TIMEOUT, attempts::add))
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo("IAM answered 500 (unable_to_process)"));
		assertThat(lists()).hasSize(2);
		assertThat(adapter.pauses).isEmpty();
	}

	@Test
	void aFindThatFailsFailsAtOnceWithoutRetrying() {
		iam.failNext(Operation.LIST_POLICIES, Fault.status(503));

		assertThatExceptionOfType(IamUnavailable.class)
			.isThrownBy(() -> reads.findExisting(backupPolicies(ACCOUNT).get(0), "tx-503", TIMEOUT, attempts::add))
			.satisfies(ex -> assertThat(ex.reason()).startsWith("IAM answered 503"));
		assertThat(lists()).hasSize(1);
		assertThat(adapter.pauses).isEmpty();
	}

	@Test
	void aPageIamDoesNotAnswerInTimeFailsTheListing() {
		iam.failNext(Operation.LIST_POLICIES, Fault.latency(Duration.ofSeconds(3)));

		assertThatExceptionOfType(IamUnavailable.class)
			.isThrownBy(() -> reads.listAuthorizations(ACCOUNT, "tx-slow", Duration.ofMillis(300), attempts::add))
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo("IAM did not answer within 300 ms"));
	}

	private static List<Received> lists() {
		return iam.received()
			.stream()
			.filter(request -> request.method().equals("GET") && request.path().equals("/v1/policies"))
			.toList();
	}

	private static PolicyDocument withRoles(PolicyDocument document, String... roles) {
		return new PolicyDocument(document.type(), document.subjects(),
				List.of(roles).stream().map(PolicyDocument.Role::new).toList(), document.resources());
	}

	private static List<PolicyDocument> backupPolicies(String account) {
		return catalog.expand(catalog.intent("vpc-backup", Map.of("accountId", account)));
	}

	private static PolicyDocument dnsSharing(String hubAccount) {
		return catalog
			.expand(catalog.intent("vpe-dns-sharing", Map.of("spokeAccountId", OTHER, "hubAccountId", hubAccount,
					"hubVpcId", "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c")))
			.get(0);
	}

	/** A policy's place and its role CRNs exactly, each in a stable order. */
	private static List<Object> comparable(PolicyDocument document) {
		return List.of(PolicyIdentity.Place.of(document),
				document.roles().stream().map(PolicyDocument.Role::roleId).sorted().toList());
	}

}

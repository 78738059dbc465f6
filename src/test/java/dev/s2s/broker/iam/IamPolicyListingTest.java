package dev.s2s.broker.iam;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import dev.s2s.broker.standin.IamStandIn.Received;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Listing an account's authorization policies, every page of them, against the IAM
 * stand-in over real HTTP.
 */
class IamPolicyListingTest extends IamStandInCase {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String OTHER = "fedcba9876543210fedcba9876543210";

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final RecipeCatalog catalog = new RecipeCatalog();

	private final List<IamAttempt> attempts = new CopyOnWriteArrayList<>();

	private final List<Long> pauses = new CopyOnWriteArrayList<>();

	private IamPolicies policies;

	@BeforeEach
	void freshAdapter() {
		IamProperties properties = new IamProperties(iam.url(), iam.apiKey(), Duration.ofSeconds(2),
				Duration.ofSeconds(2),
				new IamProperties.Retry(4, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5), Duration.ofSeconds(60)),
				8, 32, Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofSeconds(2),
				EnterpriseOfStandIn.NO_COMPUTE_RESOURCE, null, EnterpriseOfStandIn.TEMPLATE_PROFILE, 32, true);
		policies = IamConfiguration.create(RestClient.builder(), properties, JsonMapper.builder().build(), pauses::add,
				new SimpleMeterRegistry());
	}

	@Test
	void listsEveryPageOfTheAccountsAuthorizationPoliciesFollowingNextStart() {
		iam.pageSize(2);
		List<PolicyDocument> given = new ArrayList<>(backupPolicies(ACCOUNT));
		given.add(dnsSharing(ACCOUNT));
		given.subList(0, 4).forEach(iam::givenPolicy);
		iam.givenPolicy(backupPolicies(OTHER).get(0));
		iam.givenPolicy(given.get(4));

		List<ListedPolicy> listed = policies.listAuthorizations(ACCOUNT, "tx-list", TIMEOUT, attempts::add);

		assertThat(listed).extracting(ListedPolicy::id)
			.containsExactlyElementsOf(iam.policiesIn(ACCOUNT).stream().map(p -> p.path("id").asString()).toList());
		assertThat(listed).extracting(policy -> comparable(policy.document()))
			.as("each policy as given, IAM's explicit stringEquals being the default")
			.containsExactlyElementsOf(given.stream().map(IamPolicyListingTest::comparable).toList());
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

		Optional<ExistingPolicy> found = policies.findExisting(given.get(3), "tx-find", TIMEOUT, attempts::add);

		assertThat(found).as("the fourth policy, on the second page").isPresent();
		assertThat(attempts).hasSize(2);
	}

	@Test
	void anAnswerWithoutNextIsTheLastPage() {
		backupPolicies(ACCOUNT).forEach(iam::givenPolicy);

		assertThat(policies.listAuthorizations(ACCOUNT, "tx-one", TIMEOUT, attempts::add)).hasSize(4);
		assertThat(lists()).hasSize(1);
		assertThat(policies.listAuthorizations(OTHER, "tx-none", TIMEOUT, attempts::add)).isEmpty();
	}

	@Test
	void aPageThatFailsFailsTheListingAtOnceWithoutRetrying() {
		iam.pageSize(2);
		backupPolicies(ACCOUNT).forEach(iam::givenPolicy);
		iam.failNext(Operation.LIST_POLICIES, Fault.latency(Duration.ZERO), Fault.status(500));

		assertThatExceptionOfType(IamUnavailable.class)
			.isThrownBy(() -> policies.listAuthorizations(ACCOUNT, "tx-500", TIMEOUT, attempts::add))
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo("IAM answered 500 (unable_to_process)"));
		assertThat(lists()).hasSize(2);
		assertThat(pauses).isEmpty();
	}

	@Test
	void aPageIamDoesNotAnswerInTimeFailsTheListing() {
		iam.failNext(Operation.LIST_POLICIES, Fault.latency(Duration.ofSeconds(3)));

		assertThatExceptionOfType(IamUnavailable.class)
			.isThrownBy(() -> policies.listAuthorizations(ACCOUNT, "tx-slow", Duration.ofMillis(300), attempts::add))
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo("IAM did not answer within 300 ms"));
	}

	private static List<Received> lists() {
		return iam.received()
			.stream()
			.filter(request -> request.method().equals("GET") && request.path().equals("/v1/policies"))
			.toList();
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

	private static List<Object> comparable(PolicyDocument document) {
		return PolicyMatching.comparable(JsonMapper.builder().build().valueToTree(document));
	}

}

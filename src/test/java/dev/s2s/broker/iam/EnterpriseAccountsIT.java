package dev.s2s.broker.iam;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.StandInAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker acting across the stand-in's enterprise with only its home account's API key:
 * the home account as the key's service ID, child accounts as the trusted profile an
 * enterprise template gives them ({@code broker.iam.accounts.default-profile-name}), one
 * child as a profile configured for it alone ({@code broker.iam.accounts.profiles}), and
 * one child the template left out, where IAM refuses the profile. The stand-in refuses a
 * policy create, read or delete in any account but the token's, as IAM does.
 */
class EnterpriseAccountsIT extends BrokerIT {

	private static final String CHILD_A = "c1000000000000000000000000000001";

	/** Has a profile of its own, configured by id. */
	private static final String HUB = "c3000000000000000000000000000003";

	private static final String HUB_PROFILE_NAME = "s2s-broker-hub";

	private static final String HUB_VPC = "r006-7c1e5b0a-3d92-4f6e-a8b4-91c2d7e05f38";

	@DynamicPropertySource
	static void hubProfile(DynamicPropertyRegistry registry) {
		registry.add("broker.iam.accounts.profiles." + HUB + ".profile-id",
				() -> iam.trustedProfile(HUB, HUB_PROFILE_NAME).id());
	}

	@BeforeEach
	void enterprise() {
		iam.trustedProfile(HUB, HUB_PROFILE_NAME);
	}

	/**
	 * A new account the enterprise's template left out: it has no profile to assume. New
	 * per case, as the broker remembers IAM's refusal for a minute.
	 */
	private static String leftOut() {
		String account = newAccount();
		iam.outsideTemplate(account);
		return account;
	}

	@Test
	void bindsASpokesDnsToAHubInAnotherChildCreatingThePolicyInTheHubsAccountAsTheHubsProfile() {
		Answer granted = post("/v1/dns-sharing-authorizations",
				Map.of("spokeAccountId", CHILD_A, "hubAccountId", HUB, "hubVpcId", HUB_VPC), "Prefer", "wait=20");

		assertThat(granted.body().path("status").asString()).as(granted.body().toString()).isEqualTo("SUCCEEDED");
		String hubProfile = iam.profile(HUB, HUB_PROFILE_NAME).iamId();
		assertThat(iam.policiesIn(HUB)).singleElement()
			.satisfies(policy -> assertThat(policy.path("created_by_id").asString()).isEqualTo(hubProfile));
		assertThat(iam.policiesIn(CHILD_A)).isEmpty();
		assertThat(attempts(granted)).as("every exchange about the hub's policy, as the hub's own profile")
			.allSatisfy(attempt -> assertThat(attempt.path("iamId").asString()).isEqualTo(hubProfile))
			.extracting(attempt -> attempt.path("operation").asString())
			.contains("create_policy", "get_policy");

		Answer spoke = get("/v1/accounts/" + CHILD_A + "/authorizations");
		Answer hub = get("/v1/accounts/" + HUB + "/authorizations");
		assertThat(spoke.body().path("policies").size()).as("a policy belongs to its target's account only").isZero();
		assertThat(hub.body().path("policies").size()).isEqualTo(1);
	}

	@Test
	void verifiesRepairsInventoriesAndRevokesInAChildAccountAsItsTemplateProfile() {
		String child = newAccount();
		Answer granted = post("/v1/backup-authorizations", Map.of("accountId", child), "Prefer", "wait=20");
		assertThat(granted.body().path("status").asString()).as(granted.body().toString()).isEqualTo("SUCCEEDED");
		String grant = granted.body().path("id").asString();
		String removed = granted.body().path("policies").path(0).path("iamPolicyId").asString();
		iam.removePolicy(removed);

		Answer verified = post("/v1/grants/" + grant + "/verify", "");
		assertThat(verified.body().path("policies").path(0).path("drift").asString()).isEqualTo("MISSING");
		Answer repaired = post("/v1/grants/" + grant + "/repair", "", "Prefer", "wait=20");
		assertThat(repaired.body().path("status").asString()).as(repaired.body().toString()).isEqualTo("SUCCEEDED");
		Answer inventory = get("/v1/accounts/" + child + "/authorizations");
		assertThat(inventory.body().path("policies").size()).isEqualTo(4);
		assertThat(inventory.body().path("intents").valueStream().map(intent -> intent.path("satisfaction").asString()))
			.contains("FULL");
		Answer revoked = delete("/v1/grants/" + grant, "Prefer", "wait=20");
		assertThat(revoked.body().path("status").asString()).as(revoked.body().toString()).isEqualTo("REVOKED");

		assertThat(iam.policiesIn(child)).isEmpty();
		String profile = iam.profile(child, StandInAccounts.TEMPLATE_PROFILE).iamId();
		assertThat(attempts(granted)).as("create, read-back, repair and delete, all as the child's profile")
			.allSatisfy(attempt -> assertThat(attempt.path("iamId").asString()).isEqualTo(profile))
			.extracting(attempt -> attempt.path("operation").asString())
			.contains("create_policy", "get_policy", "delete_policy");
	}

	@Test
	void oneApiKeyExchangeServesEveryAccount() {
		String first = newAccount();
		String second = newAccount();
		for (String account : List.of(first, second, HUB)) {
			Answer granted = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");
			assertThat(granted.body().path("status").asString()).as(granted.body().toString()).isEqualTo("SUCCEEDED");
		}

		assertThat(iam.tokenExchanges()).containsEntry("apikey", 1L).containsEntry("assume", 3L);
		assertThat(iam.policiesIn(first)).hasSize(4);
		assertThat(iam.policiesIn(HUB)).hasSize(4);
	}

	@Test
	void aTokenIamRejectsInOneAccountIsReplacedForThatAccountOnly() {
		String rejected = newAccount();
		String other = newAccount();
		post("/v1/backup-authorizations", Map.of("accountId", rejected), "Prefer", "wait=20");
		post("/v1/backup-authorizations", Map.of("accountId", other), "Prefer", "wait=20");
		Map<String, Long> before = iam.tokenExchanges();
		iam.expireTokensIn(rejected);

		assertThat(get("/v1/accounts/" + rejected + "/authorizations").body().path("policies").size()).isEqualTo(4);
		assertThat(get("/v1/accounts/" + other + "/authorizations").body().path("policies").size()).isEqualTo(4);

		assertThat(iam.tokenExchanges()).as("one new token, for the account whose token IAM rejected")
			.containsEntry("assume", before.get("assume") + 1)
			.containsEntry("apikey", before.get("apikey"));
	}

	@Test
	void aProfileIamRefusesFailsTheAccountsPoliciesWithinSecondsAskingIamOnce() {
		String leftOut = leftOut();
		Instant started = Instant.now();
		Answer granted = post("/v1/backup-authorizations", Map.of("accountId", leftOut), "Prefer", "wait=20");

		assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(5));
		assertThat(granted.body().path("status").asString()).as(granted.body().toString()).isEqualTo("FAILED");
		assertThat(granted.body().path("policies").valueStream().map(policy -> policy.path("lastError"))).hasSize(4)
			.allSatisfy(error -> {
				assertThat(error.path("code").asString()).isEqualTo("BXNIM0543E");
				assertThat(error.path("message").asString()).contains(leftOut, "'s2s-broker'",
						"broker.iam.accounts.default-profile-name", "not found");
			});
		assertThat(iam.received()
			.stream()
			.filter(request -> request.path().equals("/identity/token") && request.body().contains(leftOut)))
			.as("the refusal is remembered, not asked again per policy")
			.hasSize(1);
		assertThat(iam.received().stream().filter(request -> request.path().startsWith("/v1/policies"))).isEmpty();
	}

	@Test
	void plansAndInventoriesOfAnAccountWithoutAnIdentitySaySoInsteadOfShowingNothing() {
		String leftOut = leftOut();
		Answer plan = post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", leftOut)));
		Answer inventory = get("/v1/accounts/" + leftOut + "/authorizations");

		assertThat(plan.body().path("policies").valueStream()).isNotEmpty().allSatisfy(policy -> {
			assertThat(policy.path("inIam").asString()).isEqualTo("UNKNOWN");
			assertThat(policy.path("reason").asString()).contains(leftOut, "not found");
		});
		assertThat(inventory.status()).isEqualTo(409);
		assertThat(inventory.contentType()).startsWith("application/problem+json");
		assertThat(inventory.body().path("detail").asString()).contains(leftOut, "'s2s-broker'", "not found");
	}

	@Test
	void tellsWhichIdentityTheBrokerActsWithInEachAccount() {
		JsonNode home = get("/v1/accounts/" + iam.homeAccount() + "/identity").body();
		JsonNode child = get("/v1/accounts/" + CHILD_A + "/identity").body();
		JsonNode hub = get("/v1/accounts/" + HUB + "/identity").body();
		JsonNode leftOut = get("/v1/accounts/" + leftOut() + "/identity").body();

		assertThat(home.path("identity").asString()).isEqualTo("HOME");
		assertThat(home.path("iamId").asString()).isEqualTo("iam-" + StandInAccounts.SERVICE_ID);
		assertThat(child.path("identity").asString()).isEqualTo("PROFILE");
		assertThat(child.path("profileName").asString()).isEqualTo(StandInAccounts.TEMPLATE_PROFILE);
		assertThat(child.path("configuredBy").asString()).isEqualTo("broker.iam.accounts.default-profile-name");
		assertThat(child.path("iamId").asString())
			.isEqualTo(iam.profile(CHILD_A, StandInAccounts.TEMPLATE_PROFILE).iamId());
		assertThat(hub.path("profileId").asString()).isEqualTo(iam.profile(HUB, HUB_PROFILE_NAME).id());
		assertThat(hub.path("configuredBy").asString()).isEqualTo("broker.iam.accounts.profiles." + HUB);
		assertThat(hub.path("tokenObtainable").asBoolean()).isTrue();
		assertThat(leftOut.path("tokenObtainable").asBoolean()).isFalse();
		assertThat(leftOut.path("refusal").path("code").asString()).isEqualTo("BXNIM0543E");
		assertThat(leftOut.path("refusal").path("status").asInt()).isEqualTo(400);
	}

	private List<JsonNode> attempts(Answer grant) {
		return get("/v1/grants/" + grant.body().path("id").asString() + "/attempts").body()
			.valueStream()
			.filter(attempt -> !attempt.path("operation").asString().equals("token"))
			.toList();
	}

}

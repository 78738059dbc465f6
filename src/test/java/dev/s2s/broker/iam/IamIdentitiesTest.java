package dev.s2s.broker.iam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.s2s.broker.MovableClock;
import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.StandInAccounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which identity the broker acts with in each account, and its tokens, against the IAM
 * stand-in's enterprise: a home account whose service ID holds the API key, child
 * accounts with the trusted profile of the enterprise's template.
 */
class IamIdentitiesTest extends IamStandInCase {

	private static final String CHILD = "c1000000000000000000000000000001";

	private static final String OTHER_CHILD = "c2000000000000000000000000000002";

	private static final String SUBJECT = "system:serviceaccount:s2s:s2s-broker";

	private final MovableClock clock = new MovableClock(Instant.now());

	private final MeterRegistry meters = new SimpleMeterRegistry();

	@TempDir
	Path folder;

	@Test
	void actsInTheHomeAccountAsTheApiKeysServiceIdAndElsewhereAsEachAccountsProfile() {
		IamIdentities identities = identities(EnterpriseOfStandIn.TEMPLATE_PROFILE);

		assertThat(identities.token(null).iamId()).isEqualTo("iam-" + StandInAccounts.SERVICE_ID);
		assertThat(identities.token(iam.homeAccount()).iamId()).isEqualTo("iam-" + StandInAccounts.SERVICE_ID);
		assertThat(identities.token(CHILD).iamId())
			.isEqualTo(iam.profile(CHILD, StandInAccounts.TEMPLATE_PROFILE).iamId());
		assertThat(identities.homeAccount()).as("from the base token's account.bss").isEqualTo(iam.homeAccount());
	}

	@Test
	void oneApiKeyExchangeServesAHundredAccountsEachTokenCachedUntilEightyPercentOfItsLifetime() {
		IamIdentities identities = identities(EnterpriseOfStandIn.TEMPLATE_PROFILE);
		for (int i = 0; i < 100; i++) {
			identities.token(account(i));
			identities.token(account(i));
		}

		assertThat(iam.tokenExchanges()).containsEntry("apikey", 1L).containsEntry("assume", 100L);
		assertThat(meters.get("s2s.iam.token.accounts").gauge().value()).isEqualTo(101);
		assertThat(meters.get("s2s.iam.token.exchanges").tag("grant_type", "assume").counter().count()).isEqualTo(100);

		clock.advance(Duration.ofMinutes(47));
		identities.token(account(0));
		assertThat(iam.tokenExchanges()).as("47 of 60 minutes: still fresh").containsEntry("assume", 100L);
		clock.advance(Duration.ofMinutes(2));
		identities.token(account(0));
		assertThat(iam.tokenExchanges()).as("past 48 of 60 minutes: replaced, with a new base token")
			.containsEntry("assume", 101L)
			.containsEntry("apikey", 2L);
	}

	@Test
	void anAccountWithNoProfileConfiguredAndNoDefaultHasNoIdentityAndIamIsNotAsked() {
		IamIdentities identities = identities(new IamProperties.Accounts(null, Map.of(), Duration.ofMinutes(1), 100),
				iam.homeAccount());

		assertThatThrownBy(() -> identities.token(CHILD)).isInstanceOfSatisfying(SubmissionRefused.class, refused -> {
			assertThat(refused.error().code()).isEqualTo("no_identity_in_account");
			assertThat(refused.error().message()).contains(CHILD,
					"broker.iam.accounts.profiles." + CHILD + ".profile-id",
					"broker.iam.accounts.default-profile-name");
			assertThat(refused.unreachableAccount()).isEqualTo(CHILD);
		});
		assertThat(iam.received()).isEmpty();
		assertThat(identities.describe(CHILD)).satisfies(check -> {
			assertThat(check.identity()).isEqualTo(IdentityCheck.Kind.NONE);
			assertThat(check.tokenObtainable()).isFalse();
			assertThat(check.refusal().code()).isEqualTo("no_identity_in_account");
		});
	}

	@Test
	void anAccountsOwnProfileOutranksTheDefaultByIdCrnOrName() {
		StandInAccounts.Profile byId = iam.trustedProfile(CHILD, "by-id");
		StandInAccounts.Profile byCrn = iam.trustedProfile(OTHER_CHILD, "by-crn");
		String third = account(3);
		StandInAccounts.Profile byName = iam.trustedProfile(third, "by-name");
		IamIdentities identities = identities(new IamProperties.Accounts(StandInAccounts.TEMPLATE_PROFILE,
				Map.of(CHILD, new IamProperties.Profile(byId.id(), null, null), OTHER_CHILD,
						new IamProperties.Profile(null, byCrn.crn(), null), third,
						new IamProperties.Profile(null, null, "by-name")),
				Duration.ofMinutes(1), 100), null);

		assertThat(identities.token(CHILD).iamId()).isEqualTo(byId.iamId());
		assertThat(identities.token(OTHER_CHILD).iamId()).isEqualTo(byCrn.iamId());
		assertThat(identities.token(third).iamId()).isEqualTo(byName.iamId());
		assertThat(identities.describe(CHILD).configuredBy()).isEqualTo("broker.iam.accounts.profiles." + CHILD);
	}

	@Test
	void aRefusedAssumeFailsAtOnceWithIamsWordsAndIsRememberedForTheRefusalTtl() {
		iam.outsideTemplate(CHILD);
		IamIdentities identities = identities(EnterpriseOfStandIn.TEMPLATE_PROFILE);

		for (int i = 0; i < 5; i++) {
			assertThatThrownBy(() -> identities.token(CHILD)).isInstanceOfSatisfying(SubmissionRefused.class,
					refused -> {
						assertThat(refused.error().status()).isEqualTo(400);
						assertThat(refused.error().code()).isEqualTo("BXNIM0543E");
						assertThat(refused.error().message()).contains("'s2s-broker'", CHILD,
								"broker.iam.accounts.default-profile-name", "not found");
					});
		}
		assertThat(iam.tokenExchanges()).doesNotContainKey("assume");
		assertThat(assumeRequests(CHILD)).as("asked once, then remembered").isEqualTo(1);

		clock.advance(Duration.ofSeconds(61));
		assertThatThrownBy(() -> identities.token(CHILD)).isInstanceOf(SubmissionRefused.class);
		assertThat(assumeRequests(CHILD)).as("asked again after the refusal TTL").isEqualTo(2);
		assertThat(identities.describe(CHILD).refusal().code()).isEqualTo("BXNIM0543E");
		assertThat(assumeRequests(CHILD)).as("the preflight asks IAM whatever was remembered").isEqualTo(3);
	}

	@Test
	void aRejectedTokenIsDroppedForItsAccountOnly() {
		IamIdentities identities = identities(EnterpriseOfStandIn.TEMPLATE_PROFILE);
		AccountToken child = identities.token(CHILD);
		AccountToken other = identities.token(OTHER_CHILD);

		identities.rejected(child);

		assertThat(identities.token(CHILD).value()).isNotEqualTo(child.value());
		assertThat(identities.token(OTHER_CHILD).value()).isEqualTo(other.value());
		assertThat(iam.tokenExchanges()).containsEntry("apikey", 1L).containsEntry("assume", 3L);
	}

	@Test
	void aComputeResourceTokenIsExchangedForTheClustersProfileReadingTheFileAgainAtEveryExchange() throws IOException {
		StandInAccounts.Profile cluster = iam.computeResourceProfile(iam.homeAccount(), "s2s-broker-pod", SUBJECT);
		Path file = folder.resolve("token");
		String first = iam.computeResourceToken(iam.homeAccount(), SUBJECT);
		Files.writeString(file, first + "\n");
		IamIdentities identities = computeResource(file, "s2s-broker-pod");

		AccountToken token = identities.token(null);
		String rotated = iam.computeResourceToken(iam.homeAccount(), SUBJECT);
		Files.writeString(file, rotated);
		identities.rejected(token);
		identities.token(null);

		assertThat(token.iamId()).isEqualTo(cluster.iamId());
		assertThat(identities.homeAccount()).isEqualTo(iam.homeAccount());
		assertThat(iam.received()).extracting(IamStandIn.Received::body)
			.satisfiesExactly(body -> assertThat(body).contains("cr-token", "cr_token=" + first),
					body -> assertThat(body).contains("cr-token", "cr_token=" + rotated));
	}

	@Test
	void aMissingOrEmptyTokenFileIsAnActionableRefusalNamingTheProperty() throws IOException {
		Path file = folder.resolve("absent");
		IamIdentities identities = computeResource(file, "s2s-broker-pod");

		assertThatThrownBy(() -> identities.token(null)).isInstanceOfSatisfying(SubmissionRefused.class,
				refused -> assertThat(refused.error().message()).contains(file.toString(),
						"broker.iam.compute-resource.token-file", "cannot be read"));
		Files.writeString(file, "  \n");
		assertThatThrownBy(() -> identities.token(null)).isInstanceOfSatisfying(SubmissionRefused.class,
				refused -> assertThat(refused.error().message()).contains("is empty"));
		assertThat(identities.describe(CHILD).tokenObtainable()).isFalse();
		assertThat(iam.received()).isEmpty();
	}

	@Test
	void aComputeResourceTokenReachesNoProfileOfAnotherAccount() throws IOException {
		iam.computeResourceProfile(CHILD, "s2s-broker-pod", SUBJECT);
		Path file = folder.resolve("token");
		Files.writeString(file, iam.computeResourceToken(iam.homeAccount(), SUBJECT));
		IamIdentities identities = computeResource(file, null);

		assertThatThrownBy(() -> identities.token(null)).isInstanceOfSatisfying(SubmissionRefused.class,
				refused -> assertThat(refused.error().message()).contains("compute resource token in " + file,
						"BXNIM0546E", "same account"));
	}

	@Test
	void aTrustedProfileCannotAssumeAnotherSoAComputeResourceIdentityActsInItsOwnAccountOnly() throws IOException {
		iam.computeResourceProfile(iam.homeAccount(), "s2s-broker-pod", SUBJECT);
		Path file = folder.resolve("token");
		Files.writeString(file, iam.computeResourceToken(iam.homeAccount(), SUBJECT));
		IamIdentities identities = computeResource(file, "s2s-broker-pod");

		IdentityCheck child = identities.describe(CHILD);

		assertThat(child.identity()).isEqualTo(IdentityCheck.Kind.PROFILE);
		assertThat(child.tokenObtainable()).isFalse();
		assertThat(child.refusal().code()).isEqualTo("BXNIM0544E");
		assertThat(identities.describe(iam.homeAccount()).tokenObtainable()).isTrue();
	}

	private long assumeRequests(String account) {
		return iam.received()
			.stream()
			.filter(r -> r.path().equals("/identity/token") && r.body().contains("account=" + account))
			.count();
	}

	private static String account(int i) {
		return String.format("d%031x", i);
	}

	private IamIdentities identities(IamProperties.Accounts accounts) {
		return identities(accounts, null);
	}

	private IamIdentities identities(IamProperties.Accounts accounts, String homeAccount) {
		return IamConfiguration.identities(RestClient.builder(),
				properties(iam.apiKey(), EnterpriseOfStandIn.NO_COMPUTE_RESOURCE, homeAccount, accounts),
				JsonMapper.builder().build(), clock, meters);
	}

	private IamIdentities computeResource(Path file, String profileName) {
		String profileId = profileName == null ? iam.profile(CHILD, "s2s-broker-pod").id() : null;
		return IamConfiguration.identities(RestClient.builder(),
				properties(null, new IamProperties.ComputeResource(file, profileName, profileId), null,
						EnterpriseOfStandIn.TEMPLATE_PROFILE),
				JsonMapper.builder().build(), clock, meters);
	}

	private static IamProperties properties(String apiKey, IamProperties.ComputeResource computeResource,
			String homeAccount, IamProperties.Accounts accounts) {
		return new IamProperties(iam.url(), apiKey,
				new IamProperties.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5),
						Duration.ofSeconds(1), null, null),
				new IamProperties.Retry(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), Duration.ofSeconds(1)),
				Duration.ofHours(1), computeResource, homeAccount, accounts, 32, true);
	}

}

package dev.s2s.broker.iam;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the broker's identities are configured, bound as Spring Boot binds them at
 * start-up: a start-up refused names the properties to set.
 */
class IamPropertiesTest {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	@Test
	void takesAnApiKeyWithProfilesPerAccountAndADefault() {
		IamProperties properties = bind(Map.of("broker.iam.api-key", "key", "broker.iam.accounts.default-profile-name",
				"s2s-broker", "broker.iam.accounts.profiles." + ACCOUNT + ".profile-id", "Profile-1"));

		assertThat(properties.computeResourceIdentity()).isFalse();
		assertThat(properties.accounts().defaultProfileName()).isEqualTo("s2s-broker");
		assertThat(properties.accounts().profiles().get(ACCOUNT).profileId()).isEqualTo("Profile-1");
		assertThat(properties.toString()).doesNotContain("key,").contains("apiKey=******");
	}

	@Test
	void takesAComputeResourceTokenFileWithItsProfile() {
		IamProperties properties = bind(Map.of("broker.iam.compute-resource.token-file", "/var/run/secrets/tokens/iam",
				"broker.iam.compute-resource.profile-name", "s2s-broker-pod"));

		assertThat(properties.computeResourceIdentity()).isTrue();
		assertThat(properties.apiKey()).isNull();
	}

	@Test
	void refusesNoBaseIdentityNamingBothWaysToSetOne() {
		assertThatThrownBy(() -> bind(Map.of()))
			.satisfies(refusal -> assertThat(reason(refusal)).contains("No base identities", "broker.iam.api-key",
					"BROKER_IAM_API_KEY", "broker.iam.compute-resource.token-file"));
	}

	@Test
	void refusesTwoBaseIdentities() {
		assertThatThrownBy(() -> bind(Map.of("broker.iam.api-key", "key", "broker.iam.compute-resource.token-file",
				"/token", "broker.iam.compute-resource.profile-name", "pod")))
			.satisfies(refusal -> assertThat(reason(refusal)).contains("Two base identities", "exactly one"));
	}

	@Test
	void refusesATokenFileWithoutItsProfileOrWithBothForms() {
		assertThatThrownBy(() -> bind(Map.of("broker.iam.compute-resource.token-file", "/token")))
			.satisfies(refusal -> assertThat(reason(refusal)).contains("broker.iam.compute-resource.profile-name",
					"broker.iam.compute-resource.profile-id"));
		assertThatThrownBy(() -> bind(Map.of("broker.iam.compute-resource.token-file", "/token",
				"broker.iam.compute-resource.profile-name", "pod", "broker.iam.compute-resource.profile-id", "P-1")))
			.satisfies(refusal -> assertThat(reason(refusal)).contains("exactly one"));
	}

	@Test
	void refusesAProfileForAMalformedAccountId() {
		assertThatThrownBy(() -> bind(Map.of("broker.iam.api-key", "key",
				"broker.iam.accounts.profiles.not-an-account.profile-name", "s2s-broker")))
			.satisfies(refusal -> assertThat(reason(refusal)).contains("broker.iam.accounts.profiles.not-an-account",
					"not an IBM Cloud account id"));
	}

	@Test
	void refusesAProfileGivenInTwoFormsAtOnce() {
		assertThatThrownBy(() -> bind(
				Map.of("broker.iam.api-key", "key", "broker.iam.accounts.profiles." + ACCOUNT + ".profile-id",
						"Profile-1", "broker.iam.accounts.profiles." + ACCOUNT + ".profile-name", "s2s-broker")))
			.satisfies(refusal -> assertThat(reason(refusal)).contains("broker.iam.accounts.profiles." + ACCOUNT,
					"exactly one of profile-id, profile-crn and profile-name"));
	}

	@Test
	void refusesAMalformedHomeAccount() {
		assertThatThrownBy(() -> bind(Map.of("broker.iam.api-key", "key", "broker.iam.home-account", "home")))
			.satisfies(refusal -> assertThat(reason(refusal)).contains("broker.iam.home-account"));
	}

	private static IamProperties bind(Map<String, String> values) {
		Map<String, String> all = new HashMap<>(values);
		return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("broker.iam", IamProperties.class);
	}

	/** What Spring Boot's start-up report says of a refused binding: the root cause. */
	private static String reason(Throwable refusal) {
		assertThat(refusal).isInstanceOf(BindException.class);
		Throwable root = refusal;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getMessage();
	}

}

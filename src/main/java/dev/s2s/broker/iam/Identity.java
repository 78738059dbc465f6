package dev.s2s.broker.iam;

import org.jspecify.annotations.Nullable;

/** How the broker is configured to act in an account. */
sealed interface Identity {

	/**
	 * The base identity in its home account, named by the property that configures it.
	 */
	static Home home(IamProperties properties) {
		return new Home(
				properties.computeResourceIdentity() ? "broker.iam.compute-resource.token-file" : "broker.iam.api-key");
	}

	/**
	 * The identity in an account other than the home account: the trusted profile
	 * configured for the account, else the default profile name, else none.
	 */
	static Identity elsewhere(String accountId, IamProperties properties) {
		IamProperties.Profile configured = properties.accounts().profiles().get(accountId);
		if (configured != null) {
			return new Profile(accountId, configured.profileId(), configured.profileCrn(), configured.profileName(),
					"broker.iam.accounts.profiles." + accountId);
		}
		String defaultName = properties.accounts().defaultProfileName();
		if (defaultName != null) {
			return new Profile(accountId, null, null, defaultName, "broker.iam.accounts.default-profile-name");
		}
		return new None(accountId);
	}

	/** The base identity, in its home account. */
	record Home(String configuredBy) implements Identity {
	}

	/** A trusted profile of the account, by exactly one of id, CRN and name. */
	record Profile(String accountId, @Nullable String profileId, @Nullable String profileCrn,
			@Nullable String profileName, String configuredBy) implements Identity {

		String describe() {
			return profileId != null ? profileId : profileCrn != null ? profileCrn : "'" + profileName + "'";
		}

	}

	/**
	 * No identity: the account has no profile configured, and there is no default.
	 */
	record None(String accountId) implements Identity {
	}

}

package dev.s2s.broker.iam;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the broker reaches IBM Cloud IAM. The token endpoint ({@code /identity/token}) and
 * the Policy Management API ({@code /v1/policies}, {@code /v2/roles}) live under
 * {@code url}.
 *
 * @param url base URL of IAM
 * @param apiKey the API key of the broker's service ID, exchanged for IAM access tokens
 * in its home account; a secret, never logged or returned. The broker's base identity:
 * either this or {@code computeResource}
 * @param connectTimeout how long to wait for a TCP connection to IAM
 * @param readTimeout how long to wait for IAM's answer to one request
 * @param retry how transient failures (429, 5xx, timeouts, resets) are retried
 * @param maxConcurrency the most policies one broker instance works on at IAM at once
 * (the one knob of an instance's pace: each policy is one exchange with IAM at a time);
 * every 429 halves the current limit, every success raises it by one again
 * @param clusterMaxConcurrency the most policies all broker instances sharing the
 * database work on at IAM at once, counted from their live claims: IAM's limits hold for
 * the API key, not for one instance
 * @param confirmTimeout how long a policy IAM created (or named as existing) may read as
 * 404 by its id ({@code GET /v1/policies/{id}}) before the broker gives up on it: IAM is
 * eventually consistent, and a policy counts as done only once IAM serves it
 * @param rolesTtl how long the roles IAM offers for a pair of services
 * ({@code GET /v2/roles}) are reused before IAM is asked again; zero asks on every plan
 * and grant. An empty list is never reused.
 * @param rolesReadTimeout how long a plan or grant waits for IAM's answer to its one read
 * of a pair's roles (never retried); beyond it, or on any error of IAM, the catalog's
 * pinned role CRNs are used and recorded as unchecked
 * @param computeResource the base identity when there is no API key: a compute resource's
 * token exchanged for a trusted profile
 * @param homeAccount the base identity's account; by default the account IAM names in its
 * token ({@code account.bss})
 * @param accounts the identity the broker assumes in each other account
 * @param maxCallerReads the most reads of IAM an instance makes at once for callers that
 * wait (plans, inventories); one more is answered at once as IAM unavailable instead of
 * holding a request thread, so liveness and the other endpoints stay fast on every JDK
 * while IAM is slow (issue 19)
 * @param extendExistingPolicies whether a policy IAM already holds for an intent's
 * subject and resource without all of its roles is given the missing ones (a {@code PUT},
 * given back at revoke); false fails such an intent instead, naming the policy, its roles
 * and the missing ones (issue 20)
 */
@Validated
@ConfigurationProperties("broker.iam")
public record IamProperties(@DefaultValue("https://iam.cloud.ibm.com") @NotNull URI url, @Nullable String apiKey,
		@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue("30s") @NotNull Duration readTimeout,
		@DefaultValue @Valid Retry retry, @DefaultValue("8") @Min(1) @Max(1024) int maxConcurrency,
		@DefaultValue("32") @Min(1) int clusterMaxConcurrency, @DefaultValue("30s") @NotNull Duration confirmTimeout,
		@DefaultValue("1h") @NotNull Duration rolesTtl, @DefaultValue("2s") @NotNull Duration rolesReadTimeout,
		@DefaultValue ComputeResource computeResource, @Nullable String homeAccount, @DefaultValue Accounts accounts,
		@DefaultValue("32") @Min(1) int maxCallerReads, @DefaultValue("true") boolean extendExistingPolicies) {

	/** IBM Cloud account ids: 32 lowercase hexadecimal characters. */
	static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9a-f]{32}$");

	public IamProperties {
		if (rolesTtl != null && rolesTtl.isNegative()) {
			throw new IllegalArgumentException("broker.iam.roles-ttl must not be negative");
		}
		if (confirmTimeout != null && (confirmTimeout.isNegative() || confirmTimeout.isZero())) {
			throw new IllegalArgumentException("broker.iam.confirm-timeout must be positive");
		}
		if (rolesReadTimeout != null && (rolesReadTimeout.isNegative() || rolesReadTimeout.isZero())) {
			throw new IllegalArgumentException("broker.iam.roles-read-timeout must be positive");
		}
		computeResource = computeResource == null ? new ComputeResource(null, null, null) : computeResource;
		accounts = accounts == null ? new Accounts(null, Map.of(), Duration.ofMinutes(1), 10_000) : accounts;
		apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
		if ((apiKey == null) == (computeResource.tokenFile() == null)) {
			throw new IllegalArgumentException((apiKey == null ? "No" : "Two")
					+ " base identities: set exactly one of broker.iam.api-key (environment BROKER_IAM_API_KEY), "
					+ "the IAM API key of the broker's service ID, or broker.iam.compute-resource.token-file "
					+ "(environment BROKER_IAM_COMPUTE_RESOURCE_TOKEN_FILE), a compute resource token such as a "
					+ "projected Kubernetes service account token, with broker.iam.compute-resource.profile-name "
					+ "or .profile-id");
		}
		if (homeAccount != null && !ACCOUNT_ID.matcher(homeAccount).matches()) {
			throw new IllegalArgumentException(
					"broker.iam.home-account must be an IBM Cloud account id, 32 lowercase hexadecimal characters");
		}
	}

	/**
	 * Whether the broker's base identity is a compute resource's token, not an API key.
	 */
	boolean computeResourceIdentity() {
		return apiKey == null;
	}

	/**
	 * @param maxAttempts attempts per IAM operation, the first included
	 * @param initialBackoff pause after the first transient failure
	 * @param multiplier growth of the pause per further failure
	 * @param maxBackoff the longest pause between two attempts (before jitter)
	 * @param maxRetryAfter the longest {@code Retry-After} of a 429 the broker honours
	 */
	public record Retry(@DefaultValue("10") @Min(1) int maxAttempts,
			@DefaultValue("500ms") @NotNull Duration initialBackoff,
			@DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
			@DefaultValue("30s") @NotNull Duration maxBackoff, @DefaultValue("60s") @NotNull Duration maxRetryAfter) {
	}

	/**
	 * A compute resource's token as the base identity instead of an API key: on
	 * Kubernetes, the pod's projected service account token, exchanged for a trusted
	 * profile of the cluster's account (IAM's {@code cr-token} grant). The file is read
	 * again at every exchange, as the kubelet rotates it.
	 *
	 * @param tokenFile the file holding the token
	 * @param profileName the trusted profile, by name, in the compute resource's account
	 * @param profileId the trusted profile, by id
	 */
	public record ComputeResource(@Nullable Path tokenFile, @Nullable String profileName, @Nullable String profileId) {

		public ComputeResource {
			profileName = blankToNull(profileName);
			profileId = blankToNull(profileId);
			if (tokenFile != null && (profileName == null) == (profileId == null)) {
				throw new IllegalArgumentException("broker.iam.compute-resource.token-file needs exactly one of "
						+ "broker.iam.compute-resource.profile-name and broker.iam.compute-resource.profile-id");
			}
			if (tokenFile == null && (profileName != null || profileId != null)) {
				throw new IllegalArgumentException("broker.iam.compute-resource.profile-"
						+ (profileName != null ? "name" : "id")
						+ " needs broker.iam.compute-resource.token-file, the compute resource token to exchange");
			}
		}

	}

	/**
	 * Which identity the broker uses in accounts other than its home account: IAM creates
	 * an authorization in its target's account, for a caller of that account.
	 *
	 * @param defaultProfileName the trusted profile, by name, the broker assumes in every
	 * account without a profile of its own below (one an enterprise trusted-profile
	 * template gives every account); without it, such accounts have no identity
	 * @param profiles the trusted profile to assume, per account id
	 * @param refusalTtl how long IAM's refusal to let the broker assume an account's
	 * profile is remembered before it is asked again
	 * @param maxCachedTokens the most accounts whose tokens are kept at once
	 */
	public record Accounts(@Nullable String defaultProfileName, @DefaultValue Map<String, Profile> profiles,
			@DefaultValue("1m") @NotNull Duration refusalTtl, @DefaultValue("10000") @Min(1) int maxCachedTokens) {

		public Accounts {
			defaultProfileName = blankToNull(defaultProfileName);
			profiles = profiles == null ? Map.of() : Map.copyOf(profiles);
			for (Map.Entry<String, Profile> profile : profiles.entrySet()) {
				String property = "broker.iam.accounts.profiles." + profile.getKey();
				if (!ACCOUNT_ID.matcher(profile.getKey()).matches()) {
					throw new IllegalArgumentException(property + ": '" + profile.getKey()
							+ "' is not an IBM Cloud account id (32 lowercase hexadecimal characters)");
				}
				if (profile.getValue().forms() != 1) {
					throw new IllegalArgumentException(
							property + " must set exactly one of profile-id, profile-crn and profile-name, not "
									+ profile.getValue().forms());
				}
			}
			if (refusalTtl != null && refusalTtl.isNegative()) {
				throw new IllegalArgumentException("broker.iam.accounts.refusal-ttl must not be negative");
			}
		}

	}

	/**
	 * A trusted profile by exactly one of its id, its CRN, or its name in the account.
	 */
	public record Profile(@Nullable String profileId, @Nullable String profileCrn, @Nullable String profileName) {

		public Profile {
			profileId = blankToNull(profileId);
			profileCrn = blankToNull(profileCrn);
			profileName = blankToNull(profileName);
		}

		int forms() {
			return (profileId != null ? 1 : 0) + (profileCrn != null ? 1 : 0) + (profileName != null ? 1 : 0);
		}

	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value;
	}

	@Override
	public String toString() {
		return "IamProperties[url=" + url + ", apiKey=" + (apiKey == null ? "none" : "******") + ", connectTimeout="
				+ connectTimeout + ", readTimeout=" + readTimeout + ", retry=" + retry + ", maxConcurrency="
				+ maxConcurrency + ", clusterMaxConcurrency=" + clusterMaxConcurrency + ", confirmTimeout="
				+ confirmTimeout + ", rolesTtl=" + rolesTtl + ", rolesReadTimeout=" + rolesReadTimeout
				+ ", computeResource=" + computeResource + ", homeAccount=" + homeAccount + ", accounts=" + accounts
				+ ", maxCallerReads=" + maxCallerReads + ", extendExistingPolicies=" + extendExistingPolicies + "]";
	}

}

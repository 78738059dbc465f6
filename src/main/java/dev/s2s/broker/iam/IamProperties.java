package dev.s2s.broker.iam;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
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
 * @param timeouts how long the broker waits for IAM, for each kind of exchange
 * @param retry how transient failures (429, 5xx, timeouts, resets) are retried
 * @param rolesTtl how long the roles IAM offers for a pair of services
 * ({@code GET /v2/roles}) are reused before IAM is asked again; zero asks on every plan
 * and grant. An empty list is never reused.
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
		@DefaultValue @Valid Timeouts timeouts, @DefaultValue @Valid Retry retry,
		@DefaultValue("1h") @NotNull Duration rolesTtl, @DefaultValue ComputeResource computeResource,
		@Nullable String homeAccount, @DefaultValue Accounts accounts, @DefaultValue("32") @Min(1) int maxCallerReads,
		@DefaultValue("true") boolean extendExistingPolicies) {

	/** IBM Cloud account ids: 32 lowercase hexadecimal characters. */
	static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9a-f]{32}$");

	public IamProperties {
		if (rolesTtl != null && rolesTtl.isNegative()) {
			throw new IllegalArgumentException("broker.iam.roles-ttl must not be negative");
		}
		timeouts = timeouts == null ? new Timeouts(null, null, null, null, null, null) : timeouts;
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

	/** How long to wait for a TCP connection to IAM. */
	public Duration connectTimeout() {
		return timeouts.connect();
	}

	/** How long to wait for IAM's answer to one request of the worker. */
	public Duration readTimeout() {
		return timeouts.read();
	}

	/** How long a policy IAM created or named may take until IAM serves it. */
	public Duration confirmTimeout() {
		return timeouts.confirm();
	}

	/** How long a plan or grant waits for IAM's answer to its read of a pair's roles. */
	public Duration rolesReadTimeout() {
		return timeouts.rolesRead();
	}

	/**
	 * How long the broker waits for IAM, each under {@code broker.iam.timeouts} (issue
	 * 21; the names they had before keep working for one release, with a warning).
	 *
	 * @param connect how long to wait for a TCP connection to IAM (was
	 * {@code broker.iam.connect-timeout})
	 * @param read how long the worker waits for IAM's answer to one request (was
	 * {@code broker.iam.read-timeout})
	 * @param confirm how long a policy IAM created (or named as existing) may read as 404
	 * by its id ({@code GET /v1/policies/{id}}) before the broker gives up on it: IAM is
	 * eventually consistent, and a policy counts as done only once IAM serves it (was
	 * {@code broker.iam.confirm-timeout})
	 * @param rolesRead how long a plan or grant waits for IAM's answer to its one read of
	 * a pair's roles (never retried); beyond it, or on any error of IAM, the catalog's
	 * pinned role CRNs are used and recorded as unchecked (was
	 * {@code broker.iam.roles-read-timeout})
	 * @param planRead how long a plan waits for IAM's answer to its one read of each
	 * document (never retried); beyond it, or on any error of IAM, the document's state
	 * is {@code UNKNOWN}. A plan of N documents answers within about N times this (was
	 * {@code broker.catalog.plan-read-timeout})
	 * @param inventoryRead how long an inventory waits for IAM's answer to each page of
	 * the account's policies (never retried); beyond it, or on any error of IAM, the
	 * inventory fails with 503 (was {@code broker.inventory.read-timeout})
	 */
	public record Timeouts(@DefaultValue("5s") Duration connect, @DefaultValue("30s") Duration read,
			@DefaultValue("30s") Duration confirm, @DefaultValue("2s") Duration rolesRead,
			@DefaultValue("2s") Duration planRead, @DefaultValue("5s") Duration inventoryRead) {

		public Timeouts {
			connect = positive(connect, Duration.ofSeconds(5), "connect");
			read = positive(read, Duration.ofSeconds(30), "read");
			confirm = positive(confirm, Duration.ofSeconds(30), "confirm");
			rolesRead = positive(rolesRead, Duration.ofSeconds(2), "roles-read");
			planRead = positive(planRead, Duration.ofSeconds(2), "plan-read");
			inventoryRead = positive(inventoryRead, Duration.ofSeconds(5), "inventory-read");
		}

		private static Duration positive(@Nullable Duration timeout, Duration otherwise, String name) {
			if (timeout == null) {
				return otherwise;
			}
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("broker.iam.timeouts." + name + " must be positive");
			}
			return timeout;
		}

	}

	/**
	 * Whether the broker's base identity is a compute resource's token, not an API key.
	 */
	boolean computeResourceIdentity() {
		return apiKey == null;
	}

	/**
	 * @param maxAttempts attempts per IAM operation, the first included; a policy's 429s
	 * (IAM pacing the broker) do not count
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
		return "IamProperties[url=" + url + ", apiKey=" + (apiKey == null ? "none" : "******") + ", timeouts="
				+ timeouts + ", retry=" + retry + ", rolesTtl=" + rolesTtl + ", computeResource=" + computeResource
				+ ", homeAccount=" + homeAccount + ", accounts=" + accounts + ", maxCallerReads=" + maxCallerReads
				+ ", extendExistingPolicies=" + extendExistingPolicies + "]";
	}

}

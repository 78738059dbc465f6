package dev.s2s.broker.iam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.s2s.broker.iam.IamTokenEndpoint.IssuedToken;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which IAM identity the broker acts with in each account, and its tokens.
 *
 * <p>
 * IBM creates an authorization policy in its target's account, for a caller with access
 * to the target service there, and a service ID's API key acts only in its own account
 * (IBM's "Granting access between services" and the VPC pages: "The authorization must be
 * created in the account that owns the target service"). So the broker has one <em>base
 * identity</em> in its home account (an API key, or a compute resource token exchanged
 * for a trusted profile with IAM's {@code cr-token} grant), and in every other account
 * assumes a trusted profile of that account with IAM's {@code assume} grant: the one
 * configured for the account, else the default profile name. An account with neither has
 * no identity, and work there fails at once: never with the home token.
 *
 * <p>
 * One base token serves every account (N accounts cost one API-key exchange). Tokens are
 * cached per account, replaced after 80% of their lifetime, dropped when IAM answers 401,
 * and kept for at most {@code broker.iam.accounts.max-cached-tokens} accounts, least
 * recently used first out. IAM's refusal to let the broker assume an account's profile is
 * remembered for {@code broker.iam.accounts.refusal-ttl}, so the account's policies fail
 * at once instead of asking IAM per policy. Each account's token is fetched by one thread
 * at a time.
 */
public class IamIdentities {

	private static final Logger log = LoggerFactory.getLogger(IamIdentities.class);

	/** The error code of work in an account where the broker has no identity. */
	static final String NO_IDENTITY = "no_identity_in_account";

	/** The error code of a compute resource token file that cannot be read. */
	static final String TOKEN_FILE_UNREADABLE = "token_file_unreadable";

	private final IamProperties properties;

	private final IamTokenEndpoint endpoint;

	private final Clock clock;

	private final Slot base = new Slot();

	/**
	 * The home account once the base token named it: it does not change, and no call in
	 * another account needs to wait for a new base token to learn it.
	 */
	private volatile @Nullable String knownHomeAccount;

	private volatile @Nullable BaseExchange lastBaseExchange;

	/** Profile tokens by account, least recently used first; guarded by itself. */
	private final Map<String, Slot> accounts;

	IamIdentities(IamProperties properties, IamTokenEndpoint endpoint, Clock clock, MeterRegistry meters) {
		this.properties = properties;
		this.endpoint = endpoint;
		this.clock = clock;
		int max = properties.accounts().maxCachedTokens();
		this.accounts = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
				return size() > max;
			}

		};
		Gauge.builder("s2s.iam.token.accounts", this, IamIdentities::accountsWithToken)
			.description("Accounts for which the broker holds an IAM token now, the home account included")
			.register(meters);
	}

	/**
	 * The identity the broker acts with in an account; null stands for the home account.
	 */
	Identity identity(@Nullable String accountId) {
		if (accountId == null || accountId.equals(homeAccount())) {
			return new Identity.Home(properties.computeResourceIdentity() ? "broker.iam.compute-resource.token-file"
					: "broker.iam.api-key");
		}
		IamProperties.Profile configured = properties.accounts().profiles().get(accountId);
		if (configured != null) {
			return new Identity.Profile(accountId, configured.profileId(), configured.profileCrn(),
					configured.profileName(), "broker.iam.accounts.profiles." + accountId);
		}
		String defaultName = properties.accounts().defaultProfileName();
		if (defaultName != null) {
			return new Identity.Profile(accountId, null, null, defaultName, "broker.iam.accounts.default-profile-name");
		}
		return new Identity.None(accountId);
	}

	/**
	 * A token to act with in an account: the base token in the home account, the
	 * account's profile's elsewhere.
	 * @param accountId the account, or null for the home account
	 * @throws SubmissionRefused when the broker has no identity in the account, IAM
	 * refused it (now or within the refusal TTL), or refused the base identity
	 * @throws TransientIamFailure when IAM's token endpoint failed or did not answer
	 */
	AccountToken token(@Nullable String accountId) {
		return token(identity(accountId), true);
	}

	private AccountToken token(Identity identity, boolean honourRefusal) {
		if (identity instanceof Identity.Profile profile) {
			return AccountToken.of(
					slot(profile.accountId()).token(() -> assume(profile), honourRefusal, clock.instant()),
					profile.accountId());
		}
		if (identity instanceof Identity.None none) {
			throw noIdentity(none.accountId());
		}
		return AccountToken.of(baseToken(), null);
	}

	/**
	 * IAM answered 401 to a request made with {@code token}: forget it, unless a new one
	 * replaced it already.
	 */
	void rejected(AccountToken token) {
		if (token.accountId() == null) {
			base.drop(token.value());
			return;
		}
		Slot slot;
		synchronized (accounts) {
			slot = accounts.get(token.accountId());
		}
		if (slot != null) {
			slot.drop(token.value());
		}
	}

	/**
	 * The account the base identity acts in: {@code broker.iam.home-account}, else the
	 * account IAM names in the base token.
	 */
	String homeAccount() {
		if (properties.homeAccount() != null) {
			return properties.homeAccount();
		}
		String known = knownHomeAccount;
		if (known != null) {
			return known;
		}
		String account = baseToken().accountId();
		if (account == null) {
			throw new SubmissionRefused(new IamError(null, IamTransport.TOKEN_REQUEST_FAILED,
					"IAM's token for the broker's base identity names no account (account.bss); set "
							+ "broker.iam.home-account",
					null));
		}
		knownHomeAccount = account;
		return account;
	}

	/**
	 * How the base identity's last exchange with IAM's token endpoint went, or null
	 * before the first: what health shows, without asking IAM per request (issue 19).
	 */
	@Nullable BaseExchange lastBaseExchange() {
		return lastBaseExchange;
	}

	/**
	 * Tells the start-up log who the broker is at IAM: its base identity and home
	 * account, or why IAM issues it no token (the operator's to fix); and that accounts
	 * configured for profiles cannot be reached from a compute resource identity.
	 */
	void reportBaseIdentity() {
		String configuredBy = properties.computeResourceIdentity() ? "broker.iam.compute-resource.*"
				: "broker.iam.api-key";
		try {
			IssuedToken token = baseToken();
			log.info("IAM base identity ({}): {} in home account {}", configuredBy, token.iamId(), homeAccount());
		}
		catch (SubmissionRefused ex) {
			log.warn("IAM issues no token for the broker's base identity ({}); every IAM call fails until this is "
					+ "fixed: {}", configuredBy, ex.error().message());
		}
		catch (TransientIamFailure ex) {
			log.warn("IAM's token endpoint did not issue a token for the broker's base identity ({}) at start-up; "
					+ "asked again when needed: {}", configuredBy, ex.error().message());
		}
		if (properties.computeResourceIdentity() && (properties.accounts().defaultProfileName() != null
				|| !properties.accounts().profiles().isEmpty())) {
			log.warn("broker.iam.accounts.* names trusted profiles to assume, but the base identity is a compute "
					+ "resource's trusted profile, and IAM lets only users and service IDs assume a profile: the "
					+ "broker acts in its home account only. Use broker.iam.api-key to act across accounts");
		}
	}

	/**
	 * Which identity the broker uses in an account, and whether it can have a token there
	 * now: asks IAM unless a token is cached, whatever refusal was remembered (an
	 * operator's preflight after fixing a profile must see IAM's answer of now).
	 */
	public IdentityCheck describe(String accountId) {
		Identity identity;
		try {
			identity = identity(accountId);
		}
		catch (SubmissionRefused | TransientIamFailure ex) {
			IamError error = ex instanceof SubmissionRefused refused ? refused.error()
					: ((TransientIamFailure) ex).error();
			return new IdentityCheck(accountId, IdentityCheck.Kind.UNKNOWN, null, null, null, null, false, null, error);
		}
		try {
			AccountToken token = token(identity, false);
			return IdentityCheck.of(accountId, identity, true, token.iamId(), null);
		}
		catch (SubmissionRefused ex) {
			return IdentityCheck.of(accountId, identity, false, null, ex.error());
		}
		catch (TransientIamFailure ex) {
			return IdentityCheck.of(accountId, identity, false, null, ex.error());
		}
	}

	private IssuedToken baseToken() {
		return base.token(this::recordedBaseExchange, false, clock.instant());
	}

	private IssuedToken recordedBaseExchange() {
		try {
			IssuedToken token = baseExchange();
			lastBaseExchange = new BaseExchange(clock.instant(), true, null);
			return token;
		}
		catch (SubmissionRefused ex) {
			lastBaseExchange = new BaseExchange(clock.instant(), false, ex.error().code());
			throw ex;
		}
		catch (TransientIamFailure ex) {
			lastBaseExchange = new BaseExchange(clock.instant(), false, ex.error().code());
			throw ex;
		}
	}

	private IssuedToken baseExchange() {
		IamProperties.ComputeResource resource = properties.computeResource();
		Map<String, String> form;
		String what;
		if (properties.apiKey() != null) {
			form = Map.of("grant_type", IamTokenEndpoint.APIKEY, "apikey", properties.apiKey());
			what = "the broker's API key (broker.iam.api-key)";
		}
		else {
			Path file = resource.tokenFile();
			String profile = resource.profileId() != null ? "profile_id" : "profile_name";
			String profileValue = resource.profileId() != null ? resource.profileId() : resource.profileName();
			form = Map.of("grant_type", IamTokenEndpoint.CR_TOKEN, "cr_token", computeResourceToken(file), profile,
					profileValue);
			what = "the compute resource token in " + file + " for trusted profile " + profileValue
					+ " (broker.iam.compute-resource.*)";
		}
		try {
			IssuedToken token = endpoint.exchange(form);
			log.debug("IAM issued a token for {}: {}", what, token);
			return token;
		}
		catch (IamTokenEndpoint.Refused ex) {
			throw new SubmissionRefused(new IamError(ex.status(), IamTransport.TOKEN_REQUEST_FAILED,
					"IAM did not issue a token for " + what + ": " + ex.code() + " " + ex.iamMessage(), null));
		}
		catch (IamTokenEndpoint.Unavailable ex) {
			throw new TransientIamFailure(new IamError(ex.status(), IamTransport.TOKEN_REQUEST_FAILED,
					"IAM token endpoint issued no token for " + what + ": " + ex.getMessage(), null), null);
		}
	}

	/**
	 * The compute resource token, read again at every exchange: the kubelet rotates it.
	 */
	private static String computeResourceToken(@Nullable Path file) {
		String token;
		try {
			token = file == null ? "" : Files.readString(file, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new SubmissionRefused(new IamError(null, TOKEN_FILE_UNREADABLE,
					"The compute resource token file " + file
							+ " (broker.iam.compute-resource.token-file) cannot be read: "
							+ ex.getClass().getSimpleName() + "; mount the projected service account token there",
					null));
		}
		if (token.isEmpty()) {
			throw new SubmissionRefused(new IamError(null, TOKEN_FILE_UNREADABLE,
					"The compute resource token file " + file
							+ " (broker.iam.compute-resource.token-file) is empty; mount the projected service "
							+ "account token there",
					null));
		}
		return token;
	}

	/**
	 * Exchanges the base token for the profile's. A 401 means IAM no longer takes the
	 * base token: it is replaced once and the exchange repeated.
	 */
	private IssuedToken assume(Identity.Profile profile) {
		IssuedToken baseToken = baseToken();
		try {
			try {
				return endpoint.exchange(assumeForm(baseToken, profile));
			}
			catch (IamTokenEndpoint.Refused ex) {
				if (ex.status() != 401) {
					throw ex;
				}
				base.drop(baseToken.value());
				return endpoint.exchange(assumeForm(baseToken(), profile));
			}
		}
		catch (IamTokenEndpoint.Refused ex) {
			log.warn("IAM refused the broker trusted profile {} in account {} ({}): {} {}", profile.describe(),
					profile.accountId(), profile.configuredBy(), ex.code(), ex.iamMessage());
			throw new SubmissionRefused(new IamError(ex.status(), ex.code(),
					"IAM refused to let the broker assume trusted profile " + profile.describe() + " in account "
							+ profile.accountId() + " (" + profile.configuredBy() + "): " + ex.iamMessage(),
					null), profile.accountId());
		}
		catch (IamTokenEndpoint.Unavailable ex) {
			throw new TransientIamFailure(new IamError(ex.status(), IamTransport.TOKEN_REQUEST_FAILED,
					"IAM token endpoint issued no token for trusted profile " + profile.describe() + " in account "
							+ profile.accountId() + ": " + ex.getMessage(),
					null), null);
		}
	}

	/**
	 * The assume grant's form. A profile by name is looked up in the account sent as
	 * {@code account}, as IBM's SDKs send it (the token API's spec calls it
	 * {@code account_id}).
	 */
	private static Map<String, String> assumeForm(IssuedToken baseToken, Identity.Profile profile) {
		if (profile.profileId() != null) {
			return Map.of("grant_type", IamTokenEndpoint.ASSUME, "access_token", baseToken.value(), "profile_id",
					profile.profileId());
		}
		if (profile.profileCrn() != null) {
			return Map.of("grant_type", IamTokenEndpoint.ASSUME, "access_token", baseToken.value(), "profile_crn",
					profile.profileCrn());
		}
		return Map.of("grant_type", IamTokenEndpoint.ASSUME, "access_token", baseToken.value(), "profile_name",
				String.valueOf(profile.profileName()), "account", profile.accountId());
	}

	private static SubmissionRefused noIdentity(String accountId) {
		return new SubmissionRefused(new IamError(null, NO_IDENTITY,
				"The broker has no identity in account " + accountId
						+ ": IAM creates an authorization in its target's account, for a caller of that "
						+ "account. Set broker.iam.accounts.profiles." + accountId
						+ ".profile-id (or .profile-crn, .profile-name) to a trusted profile there that the broker's "
						+ "service ID may assume, or broker.iam.accounts.default-profile-name",
				null), accountId);
	}

	private Slot slot(String accountId) {
		synchronized (accounts) {
			return accounts.computeIfAbsent(accountId, account -> new Slot());
		}
	}

	private int accountsWithToken() {
		Instant now = clock.instant();
		int count = base.holds(now) ? 1 : 0;
		synchronized (accounts) {
			for (Slot slot : accounts.values()) {
				count += slot.holds(now) ? 1 : 0;
			}
		}
		return count;
	}

	/** One account's token, or IAM's refusal, fetched by one thread at a time. */
	private final class Slot {

		private @Nullable IssuedToken token;

		private @Nullable SubmissionRefused refusal;

		private @Nullable Instant refusedUntil;

		synchronized IssuedToken token(Supplier<IssuedToken> exchange, boolean honourRefusal, Instant now) {
			if (token != null && token.fresh(now)) {
				return token;
			}
			if (honourRefusal && refusal != null && refusedUntil != null && now.isBefore(refusedUntil)) {
				throw refusal;
			}
			try {
				token = exchange.get();
				refusal = null;
				return token;
			}
			catch (SubmissionRefused ex) {
				token = null;
				if (ex.unreachableAccount() != null) {
					refusal = ex;
					refusedUntil = now.plus(properties.accounts().refusalTtl());
				}
				throw ex;
			}
		}

		synchronized void drop(String value) {
			if (token != null && token.value().equals(value)) {
				token = null;
			}
		}

		synchronized boolean holds(Instant now) {
			return token != null && now.isBefore(token.expiresAt());
		}

	}

	/**
	 * One exchange of the base identity at IAM's token endpoint.
	 *
	 * @param issued whether IAM issued a token
	 * @param errorCode why not, as an error code (no message: health may show it)
	 */
	record BaseExchange(Instant at, boolean issued, @Nullable String errorCode) {
	}

	/** How the broker is configured to act in an account. */
	sealed interface Identity {

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

	/**
	 * A token to act with in an account.
	 *
	 * @param accountId the account of the profile it stands for; null for the base token
	 * @param iamId the identity IAM issued it to
	 */
	record AccountToken(String value, String iamId, @Nullable String accountId) {

		static AccountToken of(IssuedToken token, @Nullable String accountId) {
			return new AccountToken(token.value(), token.iamId(), accountId);
		}

		@Override
		public String toString() {
			return "AccountToken[iamId=" + iamId + ", accountId=" + accountId + "]";
		}

	}

}

package dev.s2s.broker.iam;

import java.time.Clock;
import java.time.Instant;

import dev.s2s.broker.iam.BaseIdentity.BaseExchange;
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
 * for a trusted profile with IAM's {@code cr-token} grant: {@link BaseIdentity}), and in
 * every other account assumes a trusted profile of that account with IAM's {@code assume}
 * grant ({@link ProfileTokens}): the one configured for the account, else the default
 * profile name. An account with neither has no identity, and work there fails at once:
 * never with the home token.
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

	private final IamProperties properties;

	private final Clock clock;

	private final BaseIdentity base;

	private final ProfileTokens profiles;

	IamIdentities(IamProperties properties, IamTokenEndpoint endpoint, Clock clock, MeterRegistry meters) {
		this.properties = properties;
		this.clock = clock;
		this.base = new BaseIdentity(properties, endpoint, clock);
		this.profiles = new ProfileTokens(base, endpoint, clock, properties.accounts());
		Gauge.builder("s2s.iam.token.accounts", this, IamIdentities::accountsWithToken)
			.description("Accounts for which the broker holds an IAM token now, the home account included")
			.register(meters);
	}

	/**
	 * The identity the broker acts with in an account; null stands for the home account.
	 */
	Identity identity(@Nullable String accountId) {
		if (accountId == null || accountId.equals(homeAccount())) {
			return Identity.home(properties);
		}
		return Identity.elsewhere(accountId, properties);
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
			return AccountToken.of(profiles.token(profile, honourRefusal), profile.accountId());
		}
		if (identity instanceof Identity.None none) {
			throw noIdentity(none.accountId());
		}
		return AccountToken.of(base.token(), null);
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
		profiles.drop(token.accountId(), token.value());
	}

	/**
	 * The account the base identity acts in: {@code broker.iam.home-account}, else the
	 * account IAM names in the base token.
	 */
	String homeAccount() {
		return base.homeAccount();
	}

	/**
	 * How the base identity's last exchange with IAM's token endpoint went, or null
	 * before the first: what health shows, without asking IAM per request (issue 19).
	 */
	@Nullable BaseExchange lastBaseExchange() {
		return base.lastExchange();
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
			IssuedToken token = base.token();
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

	private static SubmissionRefused noIdentity(String accountId) {
		return new SubmissionRefused(new IamError(null, NO_IDENTITY,
				"The broker has no identity in account " + accountId
						+ ": IAM creates an authorization in its target's account, for a caller of that "
						+ "account. Set broker.iam.accounts.profiles." + accountId
						+ ".profile-id (or .profile-crn, .profile-name) to a trusted profile there that the broker's "
						+ "service ID may assume, or broker.iam.accounts.default-profile-name",
				null), accountId);
	}

	private int accountsWithToken() {
		Instant now = clock.instant();
		return (base.holds(now) ? 1 : 0) + profiles.holding(now);
	}

}

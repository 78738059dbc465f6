package dev.s2s.broker.iam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.s2s.broker.iam.IamTokenEndpoint.IssuedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens of the trusted profiles the broker assumes in accounts other than its home, with
 * IAM's {@code assume} grant on the base token. They are cached per account and kept for
 * at most {@code broker.iam.accounts.max-cached-tokens} accounts, least recently used
 * first out; IAM's refusal to let the broker assume an account's profile is remembered
 * for {@code broker.iam.accounts.refusal-ttl} ({@link TokenSlot}).
 */
final class ProfileTokens {

	/** Logs as {@link IamIdentities}, whose lines these were before it was split. */
	private static final Logger log = LoggerFactory.getLogger(IamIdentities.class);

	private final BaseIdentity base;

	private final IamTokenEndpoint endpoint;

	private final Clock clock;

	private final Duration refusalTtl;

	/** Profile tokens by account, least recently used first; guarded by itself. */
	private final Map<String, TokenSlot> accounts;

	ProfileTokens(BaseIdentity base, IamTokenEndpoint endpoint, Clock clock, IamProperties.Accounts properties) {
		this.base = base;
		this.endpoint = endpoint;
		this.clock = clock;
		this.refusalTtl = properties.refusalTtl();
		int max = properties.maxCachedTokens();
		this.accounts = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, TokenSlot> eldest) {
				return size() > max;
			}

		};
	}

	/**
	 * The profile's token, from the cache unless no longer fresh.
	 * @param honourRefusal whether a refusal remembered is repeated without asking IAM
	 * @throws SubmissionRefused when IAM refuses the profile (now or within the refusal
	 * TTL) or the base identity
	 * @throws TransientIamFailure when IAM's token endpoint failed or did not answer
	 */
	IssuedToken token(Identity.Profile profile, boolean honourRefusal) {
		return slot(profile.accountId()).token(() -> assume(profile), honourRefusal, clock.instant());
	}

	/**
	 * IAM answered 401 to the account's token of this value: forget it, unless a new one
	 * replaced it already.
	 */
	void drop(String accountId, String value) {
		TokenSlot slot;
		synchronized (accounts) {
			slot = accounts.get(accountId);
		}
		if (slot != null) {
			slot.drop(value);
		}
	}

	/** For how many accounts it holds a token that has not expired. */
	int holding(Instant now) {
		int count = 0;
		synchronized (accounts) {
			for (TokenSlot slot : accounts.values()) {
				count += slot.holds(now) ? 1 : 0;
			}
		}
		return count;
	}

	/**
	 * Exchanges the base token for the profile's. A 401 means IAM no longer takes the
	 * base token: it is replaced once and the exchange repeated.
	 */
	private IssuedToken assume(Identity.Profile profile) {
		IssuedToken baseToken = base.token();
		try {
			try {
				return endpoint.exchange(assumeForm(baseToken, profile));
			}
			catch (IamTokenEndpoint.Refused ex) {
				if (ex.status() != 401) {
					throw ex;
				}
				base.drop(baseToken.value());
				return endpoint.exchange(assumeForm(base.token(), profile));
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

	private TokenSlot slot(String accountId) {
		synchronized (accounts) {
			return accounts.computeIfAbsent(accountId, account -> new TokenSlot(refusalTtl));
		}
	}

}

package dev.s2s.broker.iam;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Which IAM identity the broker acts with in an account, and whether IAM gives it a token
 * there now: the operator's preflight before onboarding an account.
 *
 * @param accountId the account asked about
 * @param identity {@code HOME}: the broker's base identity (its home account);
 * {@code PROFILE}: a trusted profile of the account; {@code NONE}: no identity is
 * configured, so work there fails; {@code UNKNOWN}: the base identity has no token, so
 * whether this is the home account is not known
 * @param profileId the profile's id, when configured by id
 * @param profileCrn the profile's CRN, when configured by CRN
 * @param profileName the profile's name in the account, when configured by name
 * @param configuredBy the property that decides it
 * @param tokenObtainable whether IAM issued (or had issued) a token for it
 * @param iamId the identity IAM issued the token to ({@code iam-Profile-…} for a profile)
 * @param refusal why there is no token: IAM's refusal ({@code errorCode},
 * {@code errorMessage}), the token endpoint's failure, or the broker's own
 * {@code no_identity_in_account}
 */
public record IdentityCheck(String accountId, Kind identity, @Nullable String profileId, @Nullable String profileCrn,
		@Nullable String profileName, @Nullable String configuredBy, boolean tokenObtainable, @Nullable String iamId,
		@Nullable IamError refusal) {

	/** The kind of identity the broker uses in an account. */
	@Schema(name = "IdentityKind", enumAsRef = true)
	public enum Kind {

		HOME, PROFILE, NONE, UNKNOWN

	}

	static IdentityCheck of(String accountId, Identity identity, boolean obtainable, @Nullable String iamId,
			@Nullable IamError refusal) {
		if (identity instanceof Identity.Profile profile) {
			return new IdentityCheck(accountId, Kind.PROFILE, profile.profileId(), profile.profileCrn(),
					profile.profileName(), profile.configuredBy(), obtainable, iamId, refusal);
		}
		if (identity instanceof Identity.None) {
			return new IdentityCheck(accountId, Kind.NONE, null, null, null, null, false, null, refusal);
		}
		Identity.Home home = (Identity.Home) identity;
		return new IdentityCheck(accountId, Kind.HOME, null, null, null, home.configuredBy(), obtainable, iamId,
				refusal);
	}

}

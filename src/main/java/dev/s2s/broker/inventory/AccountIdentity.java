package dev.s2s.broker.inventory;

import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.iam.IdentityCheck;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Which IAM identity the broker acts with in an account, and whether IAM gives it a token
 * there now: the operator's preflight before onboarding an account.
 *
 * @param accountId the account asked about
 * @param identity {@code HOME}: the broker's base identity, in its home account;
 * {@code PROFILE}: a trusted profile of the account the broker assumes; {@code NONE}: no
 * identity is configured, so work there fails; {@code UNKNOWN}: the base identity has no
 * token, so whether this is the home account is not known
 * @param profileId the profile's id, when configured by id
 * @param profileCrn the profile's CRN, when configured by CRN
 * @param profileName the profile's name in the account, when configured by name
 * @param configuredBy the property that decides the identity
 * @param tokenObtainable whether IAM issued the broker a token for it
 * @param iamId the identity IAM issued the token to
 * @param refusal why there is no token: IAM's refusal (its {@code errorCode} and
 * {@code errorMessage}, with the account and profile), the token endpoint's failure, or
 * the broker's own {@code no_identity_in_account}
 */
public record AccountIdentity(
		@Schema(description = "The account asked about", example = "0123456789abcdef0123456789abcdef") String accountId,
		@Schema(description = "HOME: the broker's base identity, in its home account; PROFILE: a trusted profile "
				+ "of the account the broker assumes; NONE: no identity is configured, so work there fails; "
				+ "UNKNOWN: the base identity has no token, so whether this is the home account is not known",
				example = "PROFILE") IdentityCheck.Kind identity,
		@Schema(description = "The profile's id, when configured by id",
				example = "Profile-9f1c2e4a-5b7d-4c3e-8a1f-2d6b0e9c7a53") @Nullable String profileId,
		@Schema(description = "The profile's CRN, when configured by CRN",
				example = "crn:v1:bluemix:public:iam-identity::a/0123456789abcdef0123456789abcdef::profile:"
						+ "Profile-9f1c2e4a-5b7d-4c3e-8a1f-2d6b0e9c7a53") @Nullable String profileCrn,
		@Schema(description = "The profile's name in the account, when configured by name",
				example = "s2s-broker") @Nullable String profileName,
		@Schema(description = "The property that decides the identity; absent when NONE",
				example = "broker.iam.accounts.default-profile-name") @Nullable String configuredBy,
		@Schema(description = "Whether IAM issued the broker a token for it (asked now unless one is cached)",
				example = "true") boolean tokenObtainable,
		@Schema(description = "The identity IAM issued the token to; absent when there is no token",
				example = "iam-Profile-9f1c2e4a-5b7d-4c3e-8a1f-2d6b0e9c7a53") @Nullable String iamId,
		@Schema(description = "Why there is no token: IAM's refusal (its errorCode and errorMessage, with the "
				+ "account and profile), the token endpoint's failure, or the broker's own no_identity_in_account; "
				+ "absent when there is one") @Nullable IamError refusal) {

	static AccountIdentity of(IdentityCheck check) {
		return new AccountIdentity(check.accountId(), check.identity(), check.profileId(), check.profileCrn(),
				check.profileName(), check.configuredBy(), check.tokenObtainable(), check.iamId(), check.refusal());
	}

}

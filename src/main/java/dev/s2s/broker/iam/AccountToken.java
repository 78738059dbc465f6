package dev.s2s.broker.iam;

import dev.s2s.broker.iam.IamTokenEndpoint.IssuedToken;
import org.jspecify.annotations.Nullable;

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

package dev.s2s.broker.iam;

/**
 * IAM could not be read about an account because the broker has no identity there: none
 * is configured ({@code broker.iam.accounts.*}), or IAM refused to let the broker assume
 * the account's trusted profile. Not transient: it lasts until the account is onboarded.
 * IAM itself would answer such a read with an empty list, which must never pass for
 * "nothing there".
 */
public class NoIdentityInAccount extends IamUnavailable {

	private final String accountId;

	NoIdentityInAccount(String accountId, IamError error) {
		super(error, error.message());
		this.accountId = accountId;
	}

	public String accountId() {
		return accountId;
	}

}

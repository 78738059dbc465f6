package dev.s2s.broker.inventory.web;

/**
 * The answers of {@code GET /v1/accounts/{accountId}/identity} shown in the API's
 * document: a profile IAM issues a token for, and one it refuses (then there is a
 * {@code refusal} and no {@code iamId}).
 */
final class IdentityExamples {

	static final String WORKS_SUMMARY = "A trusted profile IAM issues a token for";

	static final String WORKS_DESCRIPTION = "The account's trusted profile, configured by name for every account, "
			+ "which IAM lets the broker assume: work in the account can proceed";

	static final String WORKS = """
			{"accountId": "0123456789abcdef0123456789abcdef", "identity": "PROFILE", "profileName": "s2s-broker",
			 "configuredBy": "broker.iam.accounts.default-profile-name", "tokenObtainable": true,
			 "iamId": "iam-Profile-9f1c2e4a-5b7d-4c3e-8a1f-2d6b0e9c7a53"}
			""";

	static final String REFUSED_SUMMARY = "A trusted profile IAM refuses: onboard the account first";

	static final String REFUSED_DESCRIPTION = "IAM refuses the assume (here the account has no such profile): no "
			+ "token and no iamId, and refusal says why in IAM's words; work in the account fails until it is onboarded";

	static final String REFUSED = """
			{"accountId": "0123456789abcdef0123456789abcdef", "identity": "PROFILE", "profileName": "s2s-broker",
			 "configuredBy": "broker.iam.accounts.default-profile-name", "tokenObtainable": false,
			 "refusal": {"status": 400, "code": "BXNIM0543E",
			   "message": "IAM refused to let the broker assume trusted profile 's2s-broker' in account \
			0123456789abcdef0123456789abcdef (broker.iam.accounts.default-profile-name): Trusted profile \
			's2s-broker' in account 0123456789abcdef0123456789abcdef not found."}}
			""";

	private IdentityExamples() {
	}

}

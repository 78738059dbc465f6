package dev.s2s.broker.recipe.web;

/**
 * Intents of the built-in recipes vpc-backup and vpe-dns-sharing, one of each shape, as
 * the named examples of a request body that takes an intent (the first ones of POST
 * /v1/grants and /v1/plans, see {@link IntentRequestExamples}; /v1/grant-batches), with a
 * summary and a description of each for Swagger UI's drop-down (the shortcuts' examples
 * share them). Their parameters are the catalog's examples of them, so they agree with
 * GET /v1/recipes; {@code IntentExamplesTest} fails when they do not.
 */
public final class IntentExamples {

	/** The parameters of {@link #VPC_BACKUP}: the body of its shortcut too. */
	public static final String VPC_BACKUP_PARAMETERS = """
			{"accountId": "0123456789abcdef0123456789abcdef"}""";

	public static final String VPC_BACKUP = "{\"recipe\": \"vpc-backup\", \"parameters\": " + VPC_BACKUP_PARAMETERS
			+ "}";

	public static final String VPC_BACKUP_SUMMARY = "Backup for VPC in an account";

	public static final String VPC_BACKUP_DESCRIPTION = "Backup for VPC of account accountId backs up the account's "
			+ "own volumes and instances";

	/** The parameters of {@link #VPC_BACKUP_ENTERPRISE}: the body of its shortcut too. */
	public static final String VPC_BACKUP_ENTERPRISE_PARAMETERS = """
			{"accountId": "0123456789abcdef0123456789abcdef", \
			"enterpriseAccountId": "fedcba9876543210fedcba9876543210"}""";

	public static final String VPC_BACKUP_ENTERPRISE = "{\"recipe\": \"vpc-backup\", \"parameters\": "
			+ VPC_BACKUP_ENTERPRISE_PARAMETERS + "}";

	public static final String VPC_BACKUP_ENTERPRISE_SUMMARY = "Enterprise-managed Backup for VPC";

	public static final String VPC_BACKUP_ENTERPRISE_DESCRIPTION = "Backup for VPC of enterprise account "
			+ "enterpriseAccountId backs up the volumes and instances of account accountId and may edit its backup "
			+ "policies";

	/** The parameters of {@link #VPE_DNS_SHARING}: the body of its shortcut too. */
	public static final String VPE_DNS_SHARING_PARAMETERS = """
			{"spokeAccountId": "0123456789abcdef0123456789abcdef", \
			"spokeVpcId": "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c", \
			"hubAccountId": "fedcba9876543210fedcba9876543210", \
			"hubVpcId": "r006-7c1e5b0a-3d92-4f6e-a8b4-91c2d7e05f38"}""";

	public static final String VPE_DNS_SHARING = "{\"recipe\": \"vpe-dns-sharing\", \"parameters\": "
			+ VPE_DNS_SHARING_PARAMETERS + "}";

	public static final String VPE_DNS_SHARING_SUMMARY = "A spoke VPC binds to a hub VPC's DNS";

	public static final String VPE_DNS_SHARING_DESCRIPTION = "VPC spokeVpcId of account spokeAccountId may bind to "
			+ "the DNS of hub VPC hubVpcId of account hubAccountId";

	/**
	 * The parameters of {@link #VPE_DNS_SHARING_EVERY_SPOKE_VPC}: the body of its
	 * shortcut too.
	 */
	public static final String VPE_DNS_SHARING_EVERY_SPOKE_VPC_PARAMETERS = """
			{"spokeAccountId": "0123456789abcdef0123456789abcdef", \
			"hubAccountId": "fedcba9876543210fedcba9876543210", \
			"hubVpcId": "r006-7c1e5b0a-3d92-4f6e-a8b4-91c2d7e05f38"}""";

	public static final String VPE_DNS_SHARING_EVERY_SPOKE_VPC = "{\"recipe\": \"vpe-dns-sharing\", \"parameters\": "
			+ VPE_DNS_SHARING_EVERY_SPOKE_VPC_PARAMETERS + "}";

	public static final String VPE_DNS_SHARING_EVERY_SPOKE_VPC_SUMMARY = "Every VPC of the spoke account binds to a "
			+ "hub VPC's DNS";

	public static final String VPE_DNS_SHARING_EVERY_SPOKE_VPC_DESCRIPTION = "Without spokeVpcId, every VPC of "
			+ "account spokeAccountId may bind to the DNS of hub VPC hubVpcId of account hubAccountId, as the IBM "
			+ "console authorizes it";

	private IntentExamples() {
	}

}

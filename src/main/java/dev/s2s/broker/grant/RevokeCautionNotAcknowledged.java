package dev.s2s.broker.grant;

import java.util.UUID;

import dev.s2s.broker.refusal.Refusal;

/**
 * A grant of a recipe with a revoke caution is revoked only when the caller acknowledges
 * it (409 otherwise, issue 23): removing a key management authorization before the
 * resources its keys protect are gone blocks their key deregistration and deletion
 * (terraform-ibm-modules cos #672, landing-zone #738, terraform-provider-ibm #5472).
 */
public class RevokeCautionNotAcknowledged extends Refusal {

	/** The query parameter by which a revoke acknowledges its recipe's caution. */
	public static final String PARAMETER = "acknowledgeRevokeCaution";

	public RevokeCautionNotAcknowledged(UUID id, String recipe, String caution) {
		super(409, "revoke-caution", "Revoking this grant can break what depends on it", "Grant " + id + " of recipe "
				+ recipe + ": " + caution + " Revoke it with " + PARAMETER + "=true once that is done.");
	}

}

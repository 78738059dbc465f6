package dev.s2s.broker.iam;

import java.util.Map;

import dev.s2s.broker.standin.StandInAccounts;

/**
 * How the adapter under test acts across the stand-in's enterprise: as the API key's
 * service ID in the home account, and as the template's trusted profile in every other
 * account, as a broker configured with {@code broker.iam.accounts.default-profile-name}
 * does.
 */
final class EnterpriseOfStandIn {

	private EnterpriseOfStandIn() {
	}

	static final IamProperties.ComputeResource NO_COMPUTE_RESOURCE = new IamProperties.ComputeResource(null, null,
			null);

	static final IamProperties.Accounts TEMPLATE_PROFILE = new IamProperties.Accounts(StandInAccounts.TEMPLATE_PROFILE,
			Map.of(), java.time.Duration.ofMinutes(1), 10_000);

}

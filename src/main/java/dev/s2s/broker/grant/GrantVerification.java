package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** The result of reading every policy of a grant back from IAM. */
public record GrantVerification(UUID grantId, GrantStatus status, OffsetDateTime verifiedAt,
		List<PolicyVerification> policies) {

	public GrantVerification {
		policies = List.copyOf(policies);
	}

	/** One policy as IAM holds it. */
	public record PolicyVerification(int ordinal, String iamPolicyId, Drift drift, @Nullable String detail) {
	}

}

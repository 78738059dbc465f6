package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The result of reading every policy of a grant back from IAM. */
public record GrantVerification(@Schema(example = "6b933697-c7a5-4fb4-b053-6163dba2c484") UUID grantId,
		@Schema(example = "DRIFTED") GrantStatus status,
		@Schema(example = "2026-01-16T08:02:55.390417Z") OffsetDateTime verifiedAt, List<PolicyVerification> policies) {

	public GrantVerification {
		policies = List.copyOf(policies);
	}

	/** One policy as IAM holds it. */
	public record PolicyVerification(@Schema(example = "1") int ordinal,
			@Schema(example = "c4ea5691-0bde-4df2-8b4c-4e324a29cb77") String iamPolicyId,
			@Schema(example = "MISSING") Drift drift,
			@Schema(description = "What differs; absent when the policy is IN_SYNC",
					example = "IAM no longer has this policy") @Nullable String detail) {
	}

}

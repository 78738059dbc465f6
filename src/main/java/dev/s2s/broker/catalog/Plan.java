package dev.s2s.broker.catalog;

import java.util.List;
import java.util.Map;

import dev.s2s.broker.recipe.PolicyDocument;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

@Schema(description = "The IAM authorization policy documents an intent would submit, in order, and which IAM already has")
public record Plan(@Schema(example = "vpc-backup") String recipe,
		@Schema(example = "{\"accountId\": \"0123456789abcdef0123456789abcdef\"}") Map<String, String> parameters,
		List<PlannedPolicy> policies,
		@Schema(description = "Why the recipe grants roles that let the source administer its target, as its file "
				+ "says (broadScope.reason); absent for a recipe that grants none",
				example = "The platform team's automation administers the team's buckets") @Nullable String broadScope,
		@Schema(description = "Why revoking a grant of the recipe can break what depends on it, as its file says "
				+ "(revokeCaution.reason): a revoke then needs acknowledgeRevokeCaution=true; absent for a "
				+ "recipe without",
				example = "Buckets encrypted with a root key of this authorization stay registered to "
						+ "it; delete them first.") @Nullable String revokeCaution) {

	/** How a planned document stands in IAM, like the "+" and "=" of terraform plan. */
	@Schema(enumAsRef = true)
	public enum InIam {

		/** IAM has no policy for the subject and resource: a grant would create it. */
		ABSENT,
		/**
		 * IAM already has a policy for the subject and resource with at least the roles:
		 * a grant would adopt it.
		 */
		PRESENT,
		/**
		 * IAM has a policy for the same subject and resource without some of the roles
		 * (see rolesToAdd): a grant would add them, and give them back at revoke.
		 */
		EXTEND,
		/**
		 * IAM could not be read: it failed, or did not answer in time (see the reason).
		 */
		UNKNOWN

	}

	@Schema(name = "PlannedPolicy", example = "{\"document\": " + PolicyDocument.EXAMPLE + """
			, "inIam": "PRESENT", "iamPolicyId": "c8254045-a9fb-4222-9d3b-78e89f3044e1", "rolesChecked": true}""")
	public record PlannedPolicy(PolicyDocument document, InIam inIam,
			@Nullable @Schema(
					description = "The policy IAM holds for the subject and resource, when PRESENT or EXTEND; absent "
							+ "otherwise") String iamPolicyId,
			@Nullable @Schema(description = "Why IAM's state is UNKNOWN, e.g. \"IAM answered 500 (unable_to_process)\" "
					+ "or \"IAM did not answer within 2000 ms\"; absent otherwise") String reason,
			@Schema(description = "Whether IAM offers every role of the document for its services (GET /v2/roles), "
					+ "the document then carrying IAM's role CRNs; false when IAM could not be asked, the document "
					+ "then carrying the catalog's pinned CRNs") boolean rolesChecked,
			@Nullable @Schema(description = "Why the roles were not checked, e.g. \"IAM answered 500 "
					+ "(unable_to_process)\"; absent when they were") String rolesReason,
			@Nullable @Schema(description = "When EXTEND: the document's roles the policy IAM holds for its subject "
					+ "and resource lacks, which a grant would add; absent otherwise") List<String> rolesToAdd) {
	}

}

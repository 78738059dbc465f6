package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.List;

import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.recipe.PolicyDocument;
import io.swagger.v3.oas.annotations.media.Schema;

import org.jspecify.annotations.Nullable;

/**
 * One policy document of a grant and what became of it.
 *
 * @param ordinal its place in the recipe's expansion
 * @param document the exact body submitted to {@code POST /v1/policies}
 * @param rolesChecked whether its roles were resolved against those IAM offers for its
 * services when the grant was recorded; false when IAM could not be asked then (the
 * catalog's pinned CRNs were recorded), and for grants recorded before the broker checked
 * @param iamPolicyId the id of the policy in IAM, once created or adopted
 * @param attempts how many exchanges with IAM were made for it so far
 * @param lastError IAM's last error answer, or null
 * @param drift what the last verification found, or null if never verified
 * @param confirmedAt when IAM first served it by id after it was created or adopted, or
 * null
 * @param addedRoles the roles the grant added to a policy it extended, or null
 */
@Schema(example = """
		{"ordinal": 0,
		 "document": {"type": "authorization",
		  "description": "s2s-broker grant 6b933697-c7a5-4fb4-b053-6163dba2c484 policy 0",
		  "subjects": [{"attributes": [{"name": "accountId", "value": "0123456789abcdef0123456789abcdef"},
		   {"name": "serviceName", "value": "is"}, {"name": "resourceType", "value": "backup-policy"}]}],
		  "roles": [{"role_id": "crn:v1:bluemix:public:iam::::role:Operator"}],
		  "resources": [{"attributes": [{"name": "accountId", "value": "0123456789abcdef0123456789abcdef"},
		   {"name": "serviceName", "value": "is"}, {"name": "volumeId", "value": "*"}]}]},
		 "rolesChecked": true, "status": "CREATED", "iamPolicyId": "c8254045-a9fb-4222-9d3b-78e89f3044e1",
		 "attempts": 3, "confirmedAt": "2026-01-15T09:30:12.706914Z"}""")
public record GrantPolicy(int ordinal, PolicyDocument document, @Schema(
		description = "Whether IAM offered every role of the document for its services (GET /v2/roles) when the grant "
				+ "was recorded, the document carrying IAM's role CRNs; false when IAM could not be asked, the document "
				+ "carrying the catalog's pinned CRNs unchecked") boolean rolesChecked,
		PolicyStatus status,
		@Schema(description = "The id of the policy in IAM; absent until it is created or adopted") @Nullable String iamPolicyId,
		int attempts,
		@Schema(description = "IAM's answer to the last exchange that failed; absent when none did") @Nullable IamError lastError,
		@Schema(description = "What the last verification found; absent until the grant is verified") @Nullable Drift drift,
		@Schema(description = "When IAM first served it by id after it was created or adopted; absent until then",
				example = "2026-01-15T09:30:12.706914Z") @Nullable OffsetDateTime confirmedAt,
		@Schema(description = "When EXTENDED: the roles this grant added to a policy IAM already held for the subject "
				+ "and resource (someone else's), which a revoke gives back; absent otherwise") @Nullable List<String> addedRoles) {
}

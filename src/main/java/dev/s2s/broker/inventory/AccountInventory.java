package dev.s2s.broker.inventory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.grant.RecordedPolicy;
import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.PolicyRecognition.Recognition;
import dev.s2s.broker.recipe.PolicyRecognition.Satisfaction;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * An account's IAM authorization policies, what each is in the recipe catalog, and the
 * intents they satisfy.
 *
 * @param policies every active authorization policy IAM files under the account, in IAM's
 * order
 * @param intents the intents some of those policies belong to, in the order their first
 * policy appears
 */
@Schema(description = "An account's IAM authorization policies, what each is in the recipe catalog, "
		+ "whether the broker holds it, and which intents they satisfy")
public record AccountInventory(@Schema(example = "0123456789abcdef0123456789abcdef") String accountId,
		List<AccountPolicy> policies, List<AccountIntent> intents) {

	/** One authorization policy of the account, as IAM lists it. */
	@Schema(name = "AccountPolicy")
	public record AccountPolicy(
			@Schema(description = "IAM's id of the policy", example = "c8254045-a9fb-4222-9d3b-78e89f3044e1") String id,
			@Schema(description = "The subject's attributes: the source",
					example = """
							[{"name": "accountId", "value": "0123456789abcdef0123456789abcdef"},
							 {"name": "serviceName", "value": "is"}, {"name": "resourceType", "value": "backup-policy"}]""") List<PolicyDocument.Attribute> subject,
			@Schema(description = "Role CRNs",
					example = "[\"crn:v1:bluemix:public:iam::::role:Operator\"]") List<String> roles,
			@Schema(description = "The resource's attributes: the target",
					example = """
							[{"name": "accountId", "value": "0123456789abcdef0123456789abcdef", "operator": "stringEquals"},
							 {"name": "serviceName", "value": "is", "operator": "stringEquals"},
							 {"name": "volumeId", "value": "*", "operator": "stringEquals"}]""") List<PolicyDocument.Attribute> resource,
			@Schema(description = "Each recipe policy it is: the recipe, the parameters that make the recipe's "
					+ "policyIndex-th policy (from 0, in the catalog's order) this one") List<Recognition> recognized,
			@Nullable @Schema(description = "The grant that holds it; absent when unmanaged: no grant of the "
					+ "broker holds it (it can be adopted by granting the intent it belongs to). grantId and "
					+ "grantStatus are absent when that grant names an account the caller may not read") RecordedPolicy managed) {
	}

	/** An intent some of whose policies the account holds. */
	@Schema(name = "AccountIntent")
	public record AccountIntent(@Schema(example = "vpc-backup") String recipe,
			@Schema(example = "{\"accountId\": \"0123456789abcdef0123456789abcdef\"}") Map<String, String> parameters,
			@Schema(description = "FULL when the account has every policy the intent expands to, else PARTIAL",
					example = "FULL") Satisfaction satisfaction,
			@Schema(description = "How many of its policies the account has", example = "4") int present,
			@Schema(description = "How many policies the intent expands to", example = "4") int expected,
			@ArraySchema(schema = @Schema(types = {
					"string", "null" })) @Schema(
							description = "For each policy the intent expands to, in order, the id of the account's policy "
									+ "for its subject and resource with at least its roles, or null when it has none: the "
									+ "list's positions are the recipe's policies, so its holes are null",
							example = """
									["c8254045-a9fb-4222-9d3b-78e89f3044e1", "c4ea5691-0bde-4df2-8b4c-4e324a29cb77",
									 "8cd35486-df47-4a1c-a297-2d1507149a8f", "4eea239e-0bb3-43a4-a267-2af3e20f2ecf"]""") List<@Nullable String> policyIds,
			@Nullable @Schema(
					description = "The grant that holds every policy present; absent when none does "
							+ "or the caller may not read it",
					example = "6b933697-c7a5-4fb4-b053-6163dba2c484") UUID managedBy){
	}

}

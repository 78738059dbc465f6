package dev.s2s.broker.inventory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.grant.RecordedPolicy;
import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.PolicyRecognition.Recognition;
import dev.s2s.broker.recipe.PolicyRecognition.Satisfaction;
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
public record AccountInventory(String accountId, List<AccountPolicy> policies, List<AccountIntent> intents) {

	/** One authorization policy of the account, as IAM lists it. */
	@Schema(name = "AccountPolicy")
	public record AccountPolicy(@Schema(description = "IAM's id of the policy") String id,
			@Schema(description = "The subject's attributes: the source") List<PolicyDocument.Attribute> subject,
			@Schema(description = "Role CRNs") List<String> roles,
			@Schema(description = "The resource's attributes: the target") List<PolicyDocument.Attribute> resource,
			@Schema(description = "Each recipe policy it is: the recipe, the parameters that make the recipe's "
					+ "policyIndex-th policy (from 0, in the catalog's order) this one") List<Recognition> recognized,
			@Nullable @Schema(description = "The grant that holds it, or null when unmanaged: no grant of the "
					+ "broker holds it (it can be adopted by granting the intent it belongs to). grantId and "
					+ "grantStatus are null when that grant names an account the caller may not read") RecordedPolicy managed) {
	}

	/** An intent some of whose policies the account holds. */
	@Schema(name = "AccountIntent")
	public record AccountIntent(String recipe, Map<String, String> parameters, @Schema(
			description = "FULL when the account has every policy the intent expands to, else PARTIAL") Satisfaction satisfaction,
			@Schema(description = "How many of its policies the account has") int present,
			@Schema(description = "How many policies the intent expands to") int expected,
			@Schema(description = "For each policy the intent expands to, in order, the id of the account's "
					+ "equal policy, or null when it has none") List<@Nullable String> policyIds,
			@Nullable @Schema(description = "The grant that holds every policy present, or null when none does "
					+ "or the caller may not read it") UUID managedBy) {
	}

}

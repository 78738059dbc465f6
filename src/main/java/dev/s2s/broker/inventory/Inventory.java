package dev.s2s.broker.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.s2s.broker.access.Access;
import dev.s2s.broker.access.Operation;
import dev.s2s.broker.grant.GrantService;
import dev.s2s.broker.grant.RecordedPolicy;
import dev.s2s.broker.iam.IamIdentities;
import dev.s2s.broker.iam.IamProperties;
import dev.s2s.broker.iam.IamUnavailable;
import dev.s2s.broker.iam.ListedPolicy;
import dev.s2s.broker.iam.NoIdentityInAccount;
import dev.s2s.broker.iam.PolicyReads;
import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.PolicyRecognition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * What an account holds of the broker's recipes: its authorization policies in IAM, read
 * back into recipes and parameters, which of them the broker's grants hold, and which
 * intents they satisfy wholly or in part. Reads IAM (every page, each read once, while
 * the caller waits) and the grants; records and changes nothing. Adopting what it finds
 * is an ordinary grant of the intent: IAM's 409 for an equal policy makes the grant adopt
 * it.
 */
@Service
public class Inventory {

	private static final Logger log = LoggerFactory.getLogger(Inventory.class);

	private final PolicyReads iam;

	private final PolicyRecognition recognition;

	private final GrantService grants;

	private final Access access;

	private final IamProperties properties;

	private final IamIdentities identities;

	Inventory(PolicyReads iam, PolicyRecognition recognition, GrantService grants, Access access,
			IamProperties properties, IamIdentities identities) {
		this.iam = iam;
		this.identities = identities;
		this.recognition = recognition;
		this.grants = grants;
		this.access = access;
		this.properties = properties;
	}

	/**
	 * Which identity the broker acts with in the account, and whether IAM gives it a
	 * token there now.
	 * @throws dev.s2s.broker.access.AccessDenied (recorded) unless the caller may read
	 * the account; IAM is not asked then
	 */
	public AccountIdentity identity(String accountId) {
		access.require(Operation.READ, null, Set.of(accountId));
		return AccountIdentity.of(identities.describe(accountId));
	}

	/**
	 * @throws dev.s2s.broker.access.AccessDenied (recorded) unless the caller may read
	 * the account; IAM is not asked then
	 * @throws AccountWithoutIdentity when the broker has no identity in the account
	 * @throws InventoryUnavailable when IAM could not be read
	 */
	public AccountInventory of(String accountId) {
		access.require(Operation.READ, null, Set.of(accountId));
		String transactionId = "s2s-inventory-" + UUID.randomUUID();
		List<ListedPolicy> filed;
		try {
			filed = iam.listAuthorizations(accountId, transactionId, properties.timeouts().inventoryRead(), attempt -> {
			});
		}
		catch (NoIdentityInAccount ex) {
			log.info("Inventory {} of account {}: {}", transactionId, accountId, ex.reason());
			throw new AccountWithoutIdentity(accountId, ex.reason());
		}
		catch (IamUnavailable ex) {
			log.info("Inventory {} of account {} could not read IAM: {}", transactionId, accountId, ex.getMessage());
			throw new InventoryUnavailable(accountId, ex.reason());
		}
		// A policy belongs to its target's account: IAM files it there, and only there
		// does the broker's identity of the account read it.
		List<ListedPolicy> listed = filed.stream()
			.filter(policy -> accountId.equals(policy.document().resourceAttribute("accountId")))
			.toList();
		Map<String, RecordedPolicy> recorded = grants.recordedPolicies(accountId);
		List<AccountInventory.AccountPolicy> policies = new ArrayList<>();
		for (ListedPolicy policy : listed) {
			PolicyDocument document = policy.document();
			policies.add(new AccountInventory.AccountPolicy(policy.id(),
					document.subjects().stream().flatMap(subject -> subject.attributes().stream()).toList(),
					document.roles().stream().map(PolicyDocument.Role::roleId).toList(),
					document.resources().stream().flatMap(resource -> resource.attributes().stream()).toList(),
					recognition.recognize(document), recorded.get(policy.id())));
		}
		List<AccountInventory.AccountIntent> intents = new ArrayList<>();
		for (PolicyRecognition.SatisfiedIntent satisfied : recognition
			.satisfiedIntents(listed.stream().map(ListedPolicy::document).toList())) {
			List<@Nullable String> ids = new ArrayList<>();
			satisfied.present().forEach(index -> ids.add(index == null ? null : listed.get(index).id()));
			intents.add(new AccountInventory.AccountIntent(satisfied.intent().recipe(), satisfied.intent().parameters(),
					satisfied.satisfaction(), satisfied.presentCount(), satisfied.expected(), ids,
					holder(ids, recorded)));
		}
		return new AccountInventory(accountId, policies, intents);
	}

	/** The one grant the caller may read that holds every policy present, if any. */
	private static @Nullable UUID holder(List<@Nullable String> ids, Map<String, RecordedPolicy> recorded) {
		List<@Nullable UUID> holders = ids.stream()
			.filter(Objects::nonNull)
			.map(id -> recorded.containsKey(id) ? recorded.get(id).grantId() : null)
			.distinct()
			.toList();
		return holders.size() == 1 ? holders.get(0) : null;
	}

}

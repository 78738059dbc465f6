package dev.s2s.broker.grant;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.s2s.broker.access.Access;
import dev.s2s.broker.access.AccountScope;
import dev.s2s.broker.access.Operation;
import dev.s2s.broker.iam.CheckedDocument;
import dev.s2s.broker.iam.IamRoles;
import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.Recipe;
import dev.s2s.broker.recipe.RecipeCatalog;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Grants for the current caller: records intents as grants, revokes and retries them, and
 * answers questions about them, each within what the caller may do ({@link Access}). A
 * change and its audit record commit together; a refusal leaves its audit record and
 * nothing else. Submission to IAM happens in the background ({@link SubmissionWorker});
 * everything here returns once the database has committed.
 */
@Service
public class GrantService {

	private final Grants grants;

	private final PolicyHolders holders;

	private final SubmissionAttempts attempts;

	private final GrantGuard guard;

	private final RecipeCatalog catalog;

	private final IamRoles roles;

	private final Access access;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Patience patience;

	GrantService(Grants grants, PolicyHolders holders, SubmissionAttempts attempts, GrantGuard guard,
			RecipeCatalog catalog, IamRoles roles, Access access, TransactionTemplate transactions,
			ApplicationEventPublisher events, Patience patience) {
		this.grants = grants;
		this.holders = holders;
		this.attempts = attempts;
		this.guard = guard;
		this.catalog = catalog;
		this.roles = roles;
		this.access = access;
		this.transactions = transactions;
		this.events = events;
		this.patience = patience;
	}

	/**
	 * {@link #request(Intent, GrantMode) Records a grant} in {@code mode} for the intent
	 * these parameters make of the recipe, once the caller is known to grant at all: a
	 * caller no rule lets grant is refused before the intent is read, so a refusal of the
	 * intent (which lists the recipes and their formats) never reaches it (issue 19).
	 * @throws dev.s2s.broker.access.AccessDenied when no rule lets the caller grant
	 * @throws dev.s2s.broker.recipe.InvalidIntent when the intent does not fit the
	 * catalog
	 */
	public RequestedGrant request(@Nullable String recipe, @Nullable Map<String, Object> parameters, GrantMode mode) {
		access.requireBeforeReading(Operation.GRANT, () -> Access.Named.of(catalog, recipe, parameters));
		return request(catalog.intent(recipe, parameters), mode);
	}

	/**
	 * Records a grant for the intent, unless a live grant for the same intent exists:
	 * then that one is returned as it is, and re-driven in {@code mode} if it had failed.
	 * Two grants never share one IAM policy. The intent's roles are resolved against IAM
	 * first ({@link #expand}).
	 * @throws dev.s2s.broker.access.AccessDenied unless the caller may grant the recipe
	 * on every account the intent names
	 * @throws dev.s2s.broker.recipe.RolesNotOffered when IAM does not offer a role the
	 * recipe names for its services: nothing is recorded
	 */
	public RequestedGrant request(Intent intent, GrantMode mode) {
		Set<String> accounts = catalog.accounts(intent);
		access.require(Operation.GRANT, intent.recipe(), accounts);
		List<CheckedDocument> documents = expand(intent, roles.lookup(rolesTransactionId()));
		Recorded recorded = transactions.execute(status -> {
			Recorded grant = record(intent, mode, accounts, documents);
			access.recordAllowed(Operation.GRANT, grant.id(), intent.recipe(), accounts);
			events.publishEvent(new PoliciesQueued());
			return grant;
		});
		return new RequestedGrant(current(recorded.id()), recorded.disposition());
	}

	/**
	 * The documents the intent expands to, each role resolved to IAM's CRN for it by
	 * {@code lookup}; when IAM cannot be asked, the catalog's pinned CRNs, unchecked.
	 * Read before any transaction begins, so no connection waits on IAM.
	 * @throws dev.s2s.broker.recipe.RolesNotOffered when IAM does not offer a role the
	 * recipe names for its services
	 * @throws RolesUnchecked when IAM could not be asked about an operator's recipe
	 */
	List<CheckedDocument> expand(Intent intent, IamRoles.Lookup lookup) {
		List<CheckedDocument> documents = lookup.resolve(catalog.expand(intent));
		if (!catalog.recipe(intent.recipe()).builtIn()) {
			documents.stream().filter(document -> !document.rolesChecked()).findFirst().ifPresent(unchecked -> {
				throw new RolesUnchecked(intent.recipe(), String.valueOf(unchecked.reason()));
			});
		}
		return documents;
	}

	/** The {@code Transaction-Id} of a request's reads of IAM's roles. */
	static String rolesTransactionId() {
		return "s2s-roles-" + UUID.randomUUID();
	}

	/**
	 * Records the grant of an intent with its documents in {@code mode}, or finds its
	 * live grant (re-driven in {@code mode} if it had failed: a team whose ADOPT grant
	 * found no policy may let the broker create it after all), in the caller's
	 * transaction.
	 */
	Recorded record(Intent intent, GrantMode mode, Set<String> accounts, List<CheckedDocument> documents) {
		Optional<UUID> existing = grants.liveByIntent(intent.key());
		if (existing.isPresent()) {
			return existing(existing.get(), mode);
		}
		try {
			return new Recorded(grants.insert(intent, mode, accounts, documents), RequestedGrant.Disposition.CREATED);
		}
		catch (DuplicateKeyException concurrentTwin) {
			return existing(grants.liveByIntent(intent.key()).orElseThrow(() -> concurrentTwin), mode);
		}
	}

	private Recorded existing(UUID id, GrantMode mode) {
		GrantStatus status = grants.status(id).orElseThrow(() -> new GrantNotFound(id));
		if (status == GrantStatus.FAILED) {
			grants.changeMode(id, mode);
			grants.redrive(id);
			return new Recorded(id, RequestedGrant.Disposition.REDRIVEN);
		}
		return new Recorded(id, RequestedGrant.Disposition.EXISTING);
	}

	/** A grant recorded (or found) for an intent. */
	record Recorded(UUID id, RequestedGrant.Disposition disposition) {
	}

	/**
	 * @throws GrantNotFound when there is no such grant, or the caller may not read it
	 */
	public Grant find(UUID id) {
		return guard.readable(id);
	}

	/** The grants the caller may read that match the query, newest first. */
	public GrantPage list(GrantQuery query) {
		access.require(Operation.READ);
		return grants.page(query, access.scope(Operation.READ));
	}

	/** Every exchange with IAM made for a grant the caller may read, oldest first. */
	public List<SubmissionAttempt> attempts(UUID id) {
		guard.readable(id);
		return attempts.of(id);
	}

	/**
	 * The IAM policies the broker holds in grants naming an account, by IAM policy id
	 * (see {@link RecordedPolicy}); a grant the caller may not read shows as held, but
	 * not which.
	 * @throws dev.s2s.broker.access.AccessDenied unless the caller may read the account
	 */
	public Map<String, RecordedPolicy> recordedPolicies(String accountId) {
		access.require(Operation.READ, null, Set.of(accountId));
		AccountScope readable = access.scope(Operation.READ);
		Map<String, RecordedPolicy> recorded = new LinkedHashMap<>();
		holders.heldPolicies(accountId).forEach((id, held) -> {
			boolean visible = readable.covers(held.accounts());
			recorded.put(id, new RecordedPolicy(visible ? held.grantId() : null, visible ? held.grantStatus() : null,
					held.policyStatus()));
		});
		return recorded;
	}

	/**
	 * Re-submits the policies of a FAILED grant that are not done (a GRANT), or
	 * re-deletes those of a REVOKE_FAILED one (a REVOKE).
	 */
	public Grant retry(UUID id) {
		Grant grant = guard.authorized(id, GrantService::retryOperation);
		if (!grant.status().isRetryable()) {
			throw new GrantNotRetryable(id, grant.status());
		}
		Operation operation = retryOperation(grant);
		transactions.executeWithoutResult(status -> {
			grants.redrive(id);
			access.recordAllowed(operation, id, grant.recipe(), grant.accountSet());
			events.publishEvent(new PoliciesQueued());
		});
		return current(id);
	}

	/** Retrying a failed revoke is a revoke; retrying anything else is a grant. */
	private static Operation retryOperation(Grant grant) {
		return grant.status() == GrantStatus.REVOKE_FAILED ? Operation.REVOKE : Operation.GRANT;
	}

	/**
	 * Revokes a grant: deletes from IAM the policies it created, and those it adopted too
	 * when {@code includeAdopted}. Revoking a grant already revoked (or being revoked)
	 * changes nothing.
	 * @param cautionAcknowledged whether the caller acknowledges the recipe's revoke
	 * caution, if it has one
	 * @throws GrantNotRevocable while the grant's policies are still being submitted
	 * @throws RevokeCautionNotAcknowledged when the recipe has a revoke caution the
	 * caller did not acknowledge
	 */
	public RequestedGrant revoke(UUID id, boolean includeAdopted, boolean cautionAcknowledged) {
		Grant grant = guard.authorized(Operation.REVOKE, id);
		return revoke(grant, includeAdopted, cautionAcknowledged);
	}

	/** Revokes the live grant of an intent. */
	public RequestedGrant revoke(Intent intent, boolean includeAdopted, boolean cautionAcknowledged) {
		access.require(Operation.REVOKE, intent.recipe(), catalog.accounts(intent));
		UUID id = grants.liveByIntent(intent.key()).orElseThrow(() -> new GrantNotFound(intent));
		return revoke(current(id), includeAdopted, cautionAcknowledged);
	}

	private RequestedGrant revoke(Grant grant, boolean includeAdopted, boolean cautionAcknowledged) {
		String caution = revokeCaution(grant.recipe());
		boolean revoked = grant.status() == GrantStatus.REVOKED || grant.status() == GrantStatus.REVOKING;
		if (caution != null && !cautionAcknowledged && !revoked) {
			throw new RevokeCautionNotAcknowledged(grant.id(), grant.recipe(), caution);
		}
		Boolean started = transactions.execute(status -> {
			boolean revoking = grants.revoke(grant.id(), includeAdopted);
			access.recordAllowed(Operation.REVOKE, grant.id(), grant.recipe(), grant.accountSet());
			events.publishEvent(new PoliciesQueued());
			return revoking;
		});
		return new RequestedGrant(current(grant.id()), Boolean.TRUE.equals(started)
				? RequestedGrant.Disposition.REDRIVEN : RequestedGrant.Disposition.EXISTING);
	}

	/**
	 * The grant once it is final, or as it stands at {@code deadline}, for a grant the
	 * caller was just allowed to change; empty, at once, when the broker declines to wait
	 * because {@code broker.api.max-waiters} requests wait already.
	 */
	public Optional<Grant> awaitFinal(UUID id, Instant deadline) {
		return patience.await(current(id), grant -> grant.status().isFinal(), () -> current(id), deadline);
	}

	/** The revoke caution of a recipe; none for a recipe the catalog no longer has. */
	private @Nullable String revokeCaution(String recipe) {
		return catalog.recipes()
			.stream()
			.filter(known -> known.name().equals(recipe))
			.findFirst()
			.map(Recipe::revokeCaution)
			.orElse(null);
	}

	private Grant current(UUID id) {
		return grants.find(id).orElseThrow(() -> new GrantNotFound(id));
	}

}

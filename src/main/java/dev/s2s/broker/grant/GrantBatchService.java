package dev.s2s.broker.grant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.s2s.broker.access.Access;
import dev.s2s.broker.access.Operation;
import dev.s2s.broker.iam.CheckedDocument;
import dev.s2s.broker.iam.IamRoles;
import dev.s2s.broker.recipe.FieldViolation;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.IntentRequest;
import dev.s2s.broker.recipe.InvalidIntent;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.recipe.RolesNotOffered;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Batches for the current caller: many intents granted at once, all or nothing. */
@Service
public class GrantBatchService {

	private final GrantService grants;

	private final GrantBatches batches;

	private final RecipeCatalog catalog;

	private final IamRoles roles;

	private final Access access;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Patience patience;

	GrantBatchService(GrantService grants, GrantBatches batches, RecipeCatalog catalog, IamRoles roles, Access access,
			TransactionTemplate transactions, ApplicationEventPublisher events, Patience patience) {
		this.grants = grants;
		this.batches = batches;
		this.catalog = catalog;
		this.roles = roles;
		this.access = access;
		this.transactions = transactions;
		this.events = events;
		this.patience = patience;
	}

	/**
	 * Records one grant per intent (or finds the live one), in order, and the batch that
	 * holds them, in one transaction. The intents were all checked against the catalog
	 * before; their roles are resolved against IAM here, every intent's before anything
	 * is recorded, asking IAM once per pair of services.
	 * @throws dev.s2s.broker.access.AccessDenied when the caller may not bulk-grant any
	 * one of them: then nothing is recorded
	 * @throws RolesNotOffered naming, as {@code intents[i].policies[j].roles[k]}, every
	 * role of every intent that IAM does not offer for its services: then nothing is
	 * recorded
	 */
	/**
	 * {@link #request(List) Records the batch} of the intents asked for, once the caller
	 * is known to bulk-grant at all: a caller no rule lets do so is refused before the
	 * intents are read, so a refusal of them (which lists the recipes and their formats)
	 * never reaches it (issue 19).
	 * @throws dev.s2s.broker.access.AccessDenied when no rule lets the caller bulk-grant
	 * @throws InvalidIntent naming {@code intents}, or each field at fault as
	 * {@code intents[i].…}
	 */
	public GrantBatch request(@Nullable List<@Nullable IntentRequest> asked) {
		access.requireBeforeReading(Operation.BULK,
				() -> asked == null ? Optional.empty()
						: asked.stream()
							.filter(Objects::nonNull)
							.map(intent -> Access.Named.of(catalog, intent.recipe(), intent.parameters()))
							.flatMap(Optional::stream)
							.findFirst());
		List<Intent> intents = intents(asked);
		return record(intents, asked.stream().map(intent -> intent.modeOrDefault()).toList());
	}

	/** Records the batch, each intent in its mode (the same index). */
	private GrantBatch record(List<Intent> intents, List<GrantMode> modes) {
		if (intents.isEmpty() || intents.size() > GrantBatch.MAX_INTENTS) {
			throw new IllegalArgumentException("a batch holds 1 to " + GrantBatch.MAX_INTENTS + " intents");
		}
		List<Set<String>> accounts = intents.stream().map(catalog::accounts).toList();
		for (int i = 0; i < intents.size(); i++) {
			access.require(Operation.BULK, intents.get(i).recipe(), accounts.get(i));
		}
		List<List<CheckedDocument>> documents = expand(intents);
		UUID id = transactions.execute(status -> {
			List<UUID> ids = new ArrayList<>();
			for (int i = 0; i < intents.size(); i++) {
				UUID grant = grants.record(intents.get(i), modes.get(i), accounts.get(i), documents.get(i)).id();
				access.recordAllowed(Operation.BULK, grant, intents.get(i).recipe(), accounts.get(i));
				ids.add(grant);
			}
			events.publishEvent(new PoliciesQueued());
			return batches.insert(ids);
		});
		return current(id);
	}

	private List<List<CheckedDocument>> expand(List<Intent> intents) {
		IamRoles.Lookup lookup = roles.lookup(GrantService.rolesTransactionId());
		List<List<CheckedDocument>> documents = new ArrayList<>();
		List<FieldViolation> violations = new ArrayList<>();
		for (int i = 0; i < intents.size(); i++) {
			try {
				documents.add(grants.expand(intents.get(i), lookup));
			}
			catch (RolesNotOffered ex) {
				violations.addAll(ex.within("intents[" + i + "]").violations());
			}
		}
		if (!violations.isEmpty()) {
			throw new RolesNotOffered(violations);
		}
		return documents;
	}

	/**
	 * @throws GrantBatchNotFound when there is no such batch, or the caller may not read
	 * every grant of it
	 */
	public GrantBatch find(UUID id) {
		GrantBatch batch = current(id);
		access.requireOn(Operation.READ, null, null, batches.accounts(id), () -> new GrantBatchNotFound(id));
		return batch;
	}

	/**
	 * The batch once every grant of it is final, or as it stands at {@code deadline};
	 * empty, at once, when the broker declines to wait because
	 * {@code broker.api.max-waiters} requests wait already.
	 */
	public Optional<GrantBatch> awaitFinal(GrantBatch batch, Instant deadline) {
		return patience.await(batch, current -> current.grants().stream().allMatch(item -> item.status().isFinal()),
				() -> current(batch.id()), deadline);
	}

	private GrantBatch current(UUID id) {
		return batches.find(id).orElseThrow(() -> new GrantBatchNotFound(id));
	}

	private List<Intent> intents(@Nullable List<@Nullable IntentRequest> asked) {
		if (asked == null || asked.isEmpty() || asked.size() > GrantBatch.MAX_INTENTS) {
			throw new InvalidIntent(List.of(new FieldViolation("intents", "must hold 1 to " + GrantBatch.MAX_INTENTS
					+ " intents, not " + (asked == null ? 0 : asked.size()))));
		}
		List<Intent> intents = new ArrayList<>();
		List<FieldViolation> violations = new ArrayList<>();
		for (int i = 0; i < asked.size(); i++) {
			IntentRequest intent = asked.get(i);
			if (intent == null) {
				violations.add(new FieldViolation("intents[" + i + "]", "must be an intent object"));
				continue;
			}
			try {
				intents.add(catalog.intent(intent.recipe(), intent.parameters()));
			}
			catch (InvalidIntent ex) {
				String prefix = "intents[" + i + "].";
				ex.violations().forEach(v -> violations.add(new FieldViolation(prefix + v.field(), v.message())));
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidIntent(violations);
		}
		return intents;
	}

}

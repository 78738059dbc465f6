package dev.s2s.broker.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.iam.IamPolicies;
import dev.s2s.broker.iam.PolicyReading;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.RecipeCatalog;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Records intents as grants and answers questions about them. Submission to IAM happens in the
 * background ({@link SubmissionWorker}); everything here returns once the database has committed.
 */
@Service
public class GrantService {

	private static final Duration POLL = Duration.ofMillis(100);

	private final Grants grants;

	private final RecipeCatalog catalog;

	private final SubmissionWorker worker;

	private final IamPolicies iam;

	private final GrantMetrics metrics;

	GrantService(Grants grants, RecipeCatalog catalog, SubmissionWorker worker, IamPolicies iam, GrantMetrics metrics) {
		this.grants = grants;
		this.catalog = catalog;
		this.worker = worker;
		this.iam = iam;
		this.metrics = metrics;
	}

	/**
	 * Records a grant for the intent, unless a live grant for the same intent exists: then that one
	 * is returned, and re-driven if it had failed. Two grants never share one IAM policy.
	 */
	public RequestedGrant request(Intent intent) {
		Recorded recorded = record(intent);
		worker.wake();
		return new RequestedGrant(find(recorded.id()), recorded.disposition());
	}

	/**
	 * Records one grant per intent (or finds the live one), in order, and the batch that holds them.
	 * The intents were all checked against the catalog before: nothing is recorded for a bad batch.
	 */
	public GrantBatch requestBatch(List<Intent> intents) {
		if (intents.isEmpty() || intents.size() > GrantBatch.MAX_INTENTS) {
			throw new IllegalArgumentException("a batch holds 1 to " + GrantBatch.MAX_INTENTS + " intents");
		}
		List<UUID> ids = new java.util.ArrayList<>();
		for (Intent intent : intents) {
			ids.add(record(intent).id());
		}
		worker.wake();
		return findBatch(grants.insertBatch(ids));
	}

	public GrantBatch findBatch(UUID id) {
		return grants.findBatch(id).orElseThrow(() -> new GrantBatchNotFound(id));
	}

	/** The batch once every grant of it is final, or as it stands when {@code patience} runs out. */
	public GrantBatch awaitFinal(GrantBatch batch, Duration patience) {
		Instant deadline = Instant.now().plus(patience);
		GrantBatch current = batch;
		while (current.grants().stream().anyMatch(item -> !item.status().isFinal()) && Instant.now().isBefore(deadline)) {
			if (!pause()) {
				break;
			}
			current = findBatch(batch.id());
		}
		return current;
	}

	private Recorded record(Intent intent) {
		Optional<UUID> existing = grants.liveByIntent(intent.key());
		if (existing.isPresent()) {
			return existing(existing.get());
		}
		try {
			return new Recorded(grants.insert(intent, catalog.accounts(intent), catalog.expand(intent)),
					RequestedGrant.Disposition.CREATED);
		}
		catch (DuplicateKeyException concurrentTwin) {
			return existing(grants.liveByIntent(intent.key()).orElseThrow(() -> concurrentTwin));
		}
	}

	private Recorded existing(UUID id) {
		GrantStatus status = grants.status(id).orElseThrow(() -> new GrantNotFound(id));
		if (status == GrantStatus.FAILED) {
			grants.redrive(id);
			return new Recorded(id, RequestedGrant.Disposition.REDRIVEN);
		}
		return new Recorded(id, RequestedGrant.Disposition.EXISTING);
	}

	private record Recorded(UUID id, RequestedGrant.Disposition disposition) {
	}

	private static boolean pause() {
		try {
			Thread.sleep(POLL.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public Grant find(UUID id) {
		return grants.find(id).orElseThrow(() -> new GrantNotFound(id));
	}

	public GrantPage list(GrantQuery query) {
		return grants.page(query);
	}

	public List<SubmissionAttempt> attempts(UUID id) {
		find(id);
		return grants.attempts(id);
	}

	/** Re-submits the policies of a FAILED grant that are not done, or re-deletes those of a REVOKE_FAILED one. */
	public Grant retry(UUID id) {
		Grant grant = find(id);
		if (!grant.status().isRetryable()) {
			throw new GrantNotRetryable(id, grant.status());
		}
		grants.redrive(id);
		worker.wake();
		return find(id);
	}

	/**
	 * Revokes a grant: deletes from IAM the policies it created, and those it adopted too when
	 * {@code includeAdopted}. Revoking a grant already revoked (or being revoked) changes nothing.
	 * @throws GrantNotRevocable while the grant's policies are still being submitted
	 */
	public RequestedGrant revoke(UUID id, boolean includeAdopted) {
		Grant grant = find(id);
		if (grant.status() == GrantStatus.PENDING || grant.status() == GrantStatus.IN_PROGRESS) {
			throw new GrantNotRevocable(id, grant.status());
		}
		boolean started = grants.revoke(id, includeAdopted);
		worker.wake();
		return new RequestedGrant(find(id),
				started ? RequestedGrant.Disposition.REDRIVEN : RequestedGrant.Disposition.EXISTING);
	}

	/** Revokes the live grant of an intent. */
	public RequestedGrant revoke(Intent intent, boolean includeAdopted) {
		UUID id = grants.liveByIntent(intent.key()).orElseThrow(() -> new GrantNotFound(intent));
		return revoke(id, includeAdopted);
	}

	/**
	 * Reads every policy of the grant back from IAM and records what it finds; the grant becomes
	 * DRIFTED when a policy is missing or changed (and SUCCEEDED again when all match).
	 */
	public GrantVerification verify(UUID id) {
		Grant grant = find(id);
		if (grant.status() != GrantStatus.SUCCEEDED && grant.status() != GrantStatus.DRIFTED) {
			throw new GrantNotVerifiable(id, grant.status(), "verified");
		}
		List<GrantVerification.PolicyVerification> found = new java.util.ArrayList<>();
		for (GrantPolicy policy : grant.policies()) {
			if (policy.iamPolicyId() == null) {
				continue;
			}
			Grants.PolicyKey key = new Grants.PolicyKey(id, policy.ordinal());
			PolicyReading reading = iam.read(policy.iamPolicyId(), policy.document(),
					"s2s-" + id + "-" + policy.ordinal() + "-verify", attempt -> grants.recordAttempt(key, attempt, null));
			found.add(verification(policy, reading));
		}
		grants.recordVerification(id, found);
		metrics.driftFound((int) found.stream()
			.filter(policy -> policy.drift() == Drift.MISSING || policy.drift() == Drift.CHANGED)
			.count());
		Grant verified = find(id);
		return new GrantVerification(id, verified.status(), java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC), found);
	}

	private static GrantVerification.PolicyVerification verification(GrantPolicy policy, PolicyReading reading) {
		if (reading instanceof PolicyReading.Matches) {
			return new GrantVerification.PolicyVerification(policy.ordinal(), policy.iamPolicyId(), Drift.IN_SYNC, null);
		}
		if (reading instanceof PolicyReading.Missing) {
			return new GrantVerification.PolicyVerification(policy.ordinal(), policy.iamPolicyId(), Drift.MISSING,
					"IAM no longer has this policy");
		}
		if (reading instanceof PolicyReading.Changed changed) {
			return new GrantVerification.PolicyVerification(policy.ordinal(), policy.iamPolicyId(), Drift.CHANGED,
					changed.difference());
		}
		IamError error = ((PolicyReading.Unreadable) reading).error();
		return new GrantVerification.PolicyVerification(policy.ordinal(), policy.iamPolicyId(), Drift.UNKNOWN,
				error.code() + ": " + error.message());
	}

	/** Re-creates the policies of a DRIFTED grant that a verification found missing. */
	public Grant repair(UUID id) {
		Grant grant = find(id);
		if (grant.status() != GrantStatus.DRIFTED) {
			throw new GrantNotVerifiable(id, grant.status(), "repaired (verify it first)");
		}
		grants.repair(id);
		worker.wake();
		return find(id);
	}

	/** Verifies the live grants verified longest ago; the reconciler calls it on a schedule. */
	public int verifyDue(int count) {
		int verified = 0;
		for (UUID id : grants.dueForVerification(count)) {
			try {
				verify(id);
				verified++;
			}
			catch (GrantNotVerifiable changedMeanwhile) {
				// revoked or re-driven since it was picked: nothing to verify
			}
		}
		return verified;
	}

	/** The grant once it is final, or as it stands when {@code patience} runs out. */
	public Grant awaitFinal(UUID id, Duration patience) {
		Instant deadline = Instant.now().plus(patience);
		Grant grant = find(id);
		while (!grant.status().isFinal() && Instant.now().isBefore(deadline) && pause()) {
			grant = find(id);
		}
		return grant;
	}

}

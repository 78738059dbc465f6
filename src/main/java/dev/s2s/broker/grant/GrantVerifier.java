package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.s2s.broker.access.Access;
import dev.s2s.broker.access.Operation;
import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.iam.PolicyReading;
import dev.s2s.broker.iam.PolicyReads;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verification: reads a grant's policies back from IAM and records drift (on a caller's
 * request, and for the live grants on a schedule), and repairs what went missing.
 */
@Service
public class GrantVerifier {

	private final GrantGuard guard;

	private final Grants grants;

	private final Verifications verifications;

	private final SubmissionAttempts attempts;

	private final PolicyReads iam;

	private final Access access;

	private final GrantMetrics metrics;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	GrantVerifier(GrantGuard guard, Grants grants, Verifications verifications, SubmissionAttempts attempts,
			PolicyReads iam, Access access, GrantMetrics metrics, TransactionTemplate transactions,
			ApplicationEventPublisher events) {
		this.guard = guard;
		this.grants = grants;
		this.verifications = verifications;
		this.attempts = attempts;
		this.iam = iam;
		this.access = access;
		this.metrics = metrics;
		this.transactions = transactions;
		this.events = events;
	}

	/**
	 * Reads every policy of the grant back from IAM and records what it finds; the grant
	 * becomes DRIFTED when a policy is missing or changed (and SUCCEEDED again when all
	 * match).
	 */
	public GrantVerification verify(UUID id) {
		Grant grant = guard.authorized(Operation.GRANT, id);
		requireVerifiable(grant);
		GrantVerification verification = verify(grant);
		access.recordAllowed(Operation.GRANT, id, grant.recipe(), grant.accountSet());
		return verification;
	}

	/** Re-creates the policies of a DRIFTED grant that a verification found missing. */
	public Grant repair(UUID id) {
		Grant grant = guard.authorized(Operation.GRANT, id);
		if (grant.status() != GrantStatus.DRIFTED) {
			throw new GrantNotVerifiable(id, grant.status(),
					"only a DRIFTED grant can be repaired (verify it first to find drift)");
		}
		transactions.executeWithoutResult(status -> {
			verifications.repair(id);
			access.recordAllowed(Operation.GRANT, id, grant.recipe(), grant.accountSet());
			events.publishEvent(new PoliciesQueued());
		});
		return grants.find(id).orElseThrow(() -> new GrantNotFound(id));
	}

	/**
	 * Verifies up to {@code count} of the live grants verified longest ago, one after the
	 * other; for the reconciler.
	 */
	int verifyDue(int count) {
		int verified = 0;
		for (UUID id : verifications.due(count)) {
			Grant grant = grants.find(id).orElse(null);
			if (grant != null && grant.status().isVerifiable()) {
				verify(grant);
				verified++;
			}
		}
		return verified;
	}

	private static void requireVerifiable(Grant grant) {
		if (!grant.status().isVerifiable()) {
			throw new GrantNotVerifiable(grant.id(), grant.status(),
					"only a SUCCEEDED or DRIFTED grant can be verified");
		}
	}

	private GrantVerification verify(Grant grant) {
		List<GrantVerification.PolicyVerification> found = new ArrayList<>();
		for (GrantPolicy policy : grant.policies()) {
			if (policy.iamPolicyId() == null) {
				continue;
			}
			PolicyKey key = new PolicyKey(grant.id(), policy.ordinal());
			PolicyReading reading = iam.read(policy.iamPolicyId(), policy.document(),
					"s2s-" + grant.id() + "-" + policy.ordinal() + "-verify", attempt -> attempts.record(key, attempt));
			found.add(verification(policy, reading));
		}
		OffsetDateTime verifiedAt = verifications.record(grant.id(), found);
		metrics.driftFound((int) found.stream()
			.filter(policy -> policy.drift() == Drift.MISSING || policy.drift() == Drift.CHANGED
					|| policy.drift() == Drift.ROLES_MISSING)
			.count());
		GrantStatus status = grants.status(grant.id()).orElse(grant.status());
		return new GrantVerification(grant.id(), status, verifiedAt, found);
	}

	private static GrantVerification.PolicyVerification verification(GrantPolicy policy, PolicyReading reading) {
		if (reading instanceof PolicyReading.Matches) {
			return new GrantVerification.PolicyVerification(policy.ordinal(), policy.iamPolicyId(), Drift.IN_SYNC,
					null);
		}
		if (reading instanceof PolicyReading.Missing) {
			return new GrantVerification.PolicyVerification(policy.ordinal(), policy.iamPolicyId(), Drift.MISSING,
					"IAM no longer has this policy");
		}
		if (reading instanceof PolicyReading.RolesMissing missing) {
			return new GrantVerification.PolicyVerification(policy.ordinal(), policy.iamPolicyId(), Drift.ROLES_MISSING,
					"IAM holds this policy without roles " + missing.missingRoles());
		}
		if (reading instanceof PolicyReading.Changed changed) {
			return new GrantVerification.PolicyVerification(policy.ordinal(), policy.iamPolicyId(), Drift.CHANGED,
					changed.difference());
		}
		IamError error = ((PolicyReading.Unreadable) reading).error();
		return new GrantVerification.PolicyVerification(policy.ordinal(), policy.iamPolicyId(), Drift.UNKNOWN,
				error.code() + ": " + error.message());
	}

}

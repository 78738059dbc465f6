package dev.s2s.broker.grant;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.iam.SubmissionOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Every change of a policy's status, decided here from what happened to it: IAM's outcome
 * of a submission, a revoke, a retry of what failed, a repair of what drifted. The
 * repositories persist what this decides and decide nothing themselves; a grant's status
 * follows from its policies' ({@link GrantStatus#of}).
 */
final class PolicyTransitions {

	/**
	 * The statuses of work waiting for IAM, in the order the queue claims them: deletions
	 * first, because a revoke takes away access that is live until its DELETE is sent
	 * (issue 13).
	 */
	static final List<PolicyStatus> WAITING = List.of(PolicyStatus.DELETING, PolicyStatus.PENDING);

	/**
	 * The statuses of a policy a grant holds in IAM: what another grant's revoke leaves.
	 */
	static final Set<PolicyStatus> HOLDING = Set.of(PolicyStatus.CREATED, PolicyStatus.EXISTED, PolicyStatus.EXTENDED);

	/** The statuses a revoke ends a policy in: deleted from IAM, or let go there. */
	static final Set<PolicyStatus> RELEASED = Set.of(PolicyStatus.DELETED, PolicyStatus.RETAINED);

	/** What a retry of a grant puts back to work. */
	static final PolicyStatus RETRIED = PolicyStatus.FAILED;

	/** The drifts a repair puts right by submitting the policy again. */
	static final Set<Drift> REPAIRED = Set.of(Drift.MISSING, Drift.ROLES_MISSING);

	private PolicyTransitions() {
	}

	/**
	 * What a submission's (or a deletion's) outcome makes of the claimed policy. A policy
	 * created or adopted is confirmed: the worker records those only once IAM serves
	 * them.
	 * @throws IllegalArgumentException for a deferral, which is no outcome: the policy
	 * waits, as it was, for its next attempt
	 */
	static Recorded after(SubmissionOutcome outcome) {
		if (outcome instanceof SubmissionOutcome.Created created) {
			return new Recorded(PolicyStatus.CREATED, created.policyId(), null, null, true, true);
		}
		if (outcome instanceof SubmissionOutcome.Existed existed) {
			return new Recorded(PolicyStatus.EXISTED, existed.policyId(), null, null, true, false);
		}
		if (outcome instanceof SubmissionOutcome.Extended extended) {
			return new Recorded(PolicyStatus.EXTENDED, extended.policyId(), extended.addedRoles(), null, true, false);
		}
		if (outcome instanceof SubmissionOutcome.Restored) {
			return new Recorded(PolicyStatus.RETAINED, null, null, null, false, false);
		}
		if (outcome instanceof SubmissionOutcome.Deleted) {
			return new Recorded(PolicyStatus.DELETED, null, null, null, false, false);
		}
		if (outcome instanceof SubmissionOutcome.Failed failed) {
			// IAM may have created the policy before the broker gave up on it (never
			// served): its id is kept, so a revoke deletes it.
			return new Recorded(PolicyStatus.FAILED, failed.createdPolicyId(), null, failed.error(), false,
					failed.createdPolicyId() != null);
		}
		throw new IllegalArgumentException("A deferral is not an outcome: " + outcome);
	}

	/**
	 * Where a revoke sends a policy of the revoked grant: what it created (or extended,
	 * or failed after IAM created) waits to be deleted or given back; what it adopted
	 * stays, unless the revoke includes adopted policies or the broker made the policy
	 * for a grant since revoked and no other live grant holds it (the last holder of a
	 * policy the broker made deletes it, issue 20); what never reached IAM is done. An
	 * ADOPT grant's policies all stay as IAM holds them, whatever {@code includeAdopted}
	 * says: the grant never writes to IAM (issue 23).
	 * @param lastHolderOfMadePolicy whether a grant's submission created the policy and
	 * no other live grant holds it
	 * @param adoptOnly whether the grant is an ADOPT grant
	 */
	static PolicyStatus revoked(PolicyStatus status, @Nullable String iamPolicyId, boolean includeAdopted,
			boolean lastHolderOfMadePolicy, boolean adoptOnly) {
		if (adoptOnly) {
			return iamPolicyId != null ? PolicyStatus.RETAINED : PolicyStatus.DELETED;
		}
		if (status == PolicyStatus.EXISTED) {
			return includeAdopted || lastHolderOfMadePolicy ? PolicyStatus.DELETING : PolicyStatus.RETAINED;
		}
		if (status == PolicyStatus.CREATED || status == PolicyStatus.EXTENDED || iamPolicyId != null) {
			return PolicyStatus.DELETING;
		}
		return PolicyStatus.DELETED;
	}

	/**
	 * Where a retry sends a {@link #RETRIED} policy: submitted again, or deleted again
	 * when its grant is being revoked.
	 */
	static PolicyStatus retried(boolean revoking) {
		return revoking ? PolicyStatus.DELETING : PolicyStatus.PENDING;
	}

	/** Where a repair sends a policy whose drift it puts right: submitted again. */
	static PolicyStatus repaired() {
		return PolicyStatus.PENDING;
	}

	/**
	 * Statuses as the repositories store them, in a stable order: to bind as a list
	 * parameter ({@code status in (:statuses)}), so that SQL states no status of its own.
	 */
	static List<String> names(Collection<PolicyStatus> statuses) {
		return statuses.stream().sorted().map(PolicyStatus::name).toList();
	}

	/**
	 * What an outcome records of a policy.
	 *
	 * @param iamPolicyId the IAM policy it names, when it names one
	 * @param addedRoles the roles an extension added
	 * @param error IAM's error, for a failure
	 * @param confirmed whether IAM served the policy (created, adopted or extended)
	 * @param created whether the grant's submission created the policy in IAM
	 */
	record Recorded(PolicyStatus status, @Nullable String iamPolicyId, @Nullable List<String> addedRoles,
			@Nullable IamError error, boolean confirmed, boolean created) {
	}

}

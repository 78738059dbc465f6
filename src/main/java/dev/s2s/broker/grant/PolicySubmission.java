package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.s2s.broker.iam.AttemptListener;
import dev.s2s.broker.iam.IamAttempt;
import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.iam.PolicyConfirmation;
import dev.s2s.broker.iam.PolicyWrites;
import dev.s2s.broker.iam.SubmissionInterrupted;
import dev.s2s.broker.iam.SubmissionOutcome;
import dev.s2s.broker.persistence.Timestamps;
import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.PolicyDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Component;

/**
 * One claimed policy, end to end, on the thread the dispatcher gave it: one attempt at
 * IAM (a create read back until IAM serves it, a delete, or giving back what a revoke
 * must leave), then its outcome recorded, or its deferral, or its release when shutdown
 * cut it short. Every exchange is recorded in the attempt log, those that went well with
 * the outcome they lead to (one transaction on the happy path).
 */
@Component
class PolicySubmission {

	private static final Logger log = LoggerFactory.getLogger(PolicySubmission.class);

	private final PolicyQueue queue;

	private final PolicyHolders holders;

	private final SubmissionAttempts attempts;

	private final PolicyWrites writes;

	private final PolicyConfirmation confirmation;

	private final Timestamps time;

	private final WorkerProperties properties;

	private final WorkerTimings timings;

	PolicySubmission(PolicyQueue queue, PolicyHolders holders, SubmissionAttempts attempts, PolicyWrites writes,
			PolicyConfirmation confirmation, Timestamps time, WorkerProperties properties, WorkerTimings timings) {
		this.queue = queue;
		this.holders = holders;
		this.attempts = attempts;
		this.writes = writes;
		this.confirmation = confirmation;
		this.time = time;
		this.properties = properties;
		this.timings = timings;
	}

	/**
	 * Submits the claimed policy and records what came of it. Every log line of it
	 * carries the grant and IAM's transaction id (structured logs).
	 */
	void submit(PolicyClaim claim) {
		PolicyKey policy = claim.key();
		String transactionId = policy.transactionId(claim.isDeletion());
		MDC.put("grantId", policy.grantId().toString());
		MDC.put("transactionId", transactionId);
		try {
			submitAndRecord(claim, transactionId);
		}
		finally {
			MDC.remove("grantId");
			MDC.remove("transactionId");
		}
	}

	/** Gives a claim back untouched; when that fails, the claim lapses instead. */
	void release(PolicyKey policy) {
		try {
			queue.release(policy);
		}
		catch (RuntimeException ex) {
			log.warn("Cannot give back the claim on {}: {}", policy, ex.toString());
		}
	}

	private void submitAndRecord(PolicyClaim claim, String transactionId) {
		PolicyKey policy = claim.key();
		SubmissionOutcome outcome;
		Exchanges exchanges = new Exchanges(policy);
		try {
			outcome = attempt(claim, transactionId, exchanges);
		}
		catch (SubmissionInterrupted ex) {
			releaseInterrupted(policy, transactionId, exchanges);
			return;
		}
		catch (RuntimeException ex) {
			if (Thread.currentThread().isInterrupted()) {
				releaseInterrupted(policy, transactionId, exchanges);
				return;
			}
			log.error("Submission {} failed inside the broker", transactionId, ex);
			outcome = new SubmissionOutcome.Failed(
					new IamError(null, "broker_error", "The broker could not complete the submission ("
							+ ex.getClass().getSimpleName() + "); retry the grant", null));
		}
		if ((outcome instanceof SubmissionOutcome.Failed || outcome instanceof SubmissionOutcome.Deferred)
				&& Thread.currentThread().isInterrupted()) {
			// Shutdown cut the exchange short: not IAM's answer, so not the policy's
			// outcome.
			releaseInterrupted(policy, transactionId, exchanges);
			return;
		}
		if (outcome instanceof SubmissionOutcome.Deferred deferred) {
			defer(policy, transactionId, deferred, exchanges);
			return;
		}
		SubmissionOutcome ended = outcome;
		try {
			uninterruptibly(() -> timings.record(() -> queue.recordOutcome(policy, ended, exchanges.unrecorded())));
		}
		catch (RuntimeException ex) {
			// The claim lapses and the policy is submitted again. IAM's 409 then names
			// what this submission may have created, with this grant's mark in its
			// description: it is recorded CREATED, and a revoke deletes it.
			log.error("Cannot record the outcome of submission {}: {}", transactionId, ex.toString());
		}
	}

	/**
	 * The one attempt a claim makes, as the identity of the policy's target account. An
	 * ADOPT grant's policy is only looked for, never written (issue 23). A revoke deletes
	 * a policy unless another live grant also holds it (it stays, with the roles that
	 * grant needs) or the grant only extended a policy the broker never created (it gives
	 * back only the roles it added); a policy the broker created is deleted by the revoke
	 * of the last grant that holds it (issue 20).
	 */
	private SubmissionOutcome attempt(PolicyClaim claim, String transactionId, AttemptListener listener) {
		if (!claim.isDeletion()) {
			SubmissionOutcome outcome = claim.mode() == GrantMode.ADOPT
					? writes.adopt(claim.document(), transactionId, claim.failedBefore(), listener)
					: writes.create(claim.document(), transactionId, claim.failedBefore(), listener);
			return confirmation.confirm(outcome, claim.document(), transactionId, listener);
		}
		String account = claim.document().resourceAttribute("accountId");
		PolicyHolders.Sharing sharing = claim.iamPolicyId() != null
				? holders.sharing(claim.iamPolicyId(), claim.key().grantId()) : null;
		if (sharing != null && (sharing.heldElsewhere() || claim.addedRoles() != null && !sharing.createdByBroker())) {
			List<String> giveBack = new ArrayList<>(claim.addedRoles() != null ? claim.addedRoles()
					: claim.document().roles().stream().map(PolicyDocument.Role::roleId).toList());
			giveBack.removeAll(sharing.rolesNeededElsewhere());
			return writes.restore(claim.iamPolicyId(), claim.document(), giveBack, transactionId, claim.failedBefore(),
					listener);
		}
		return writes.delete(claim.iamPolicyId(), account, transactionId, claim.failedBefore(), listener);
	}

	private void defer(PolicyKey policy, String transactionId, SubmissionOutcome.Deferred deferred,
			Exchanges exchanges) {
		OffsetDateTime next = time.now().plus(deferred.backOff());
		try {
			uninterruptibly(
					() -> timings.record(() -> queue.defer(policy, exchanges.unrecorded(), next, deferred.counted())));
		}
		catch (RuntimeException ex) {
			// The claim lapses instead, and the policy is tried again then.
			log.warn("Cannot put off submission {} until {}: {}", transactionId, next, ex.toString());
		}
	}

	private void releaseInterrupted(PolicyKey policy, String transactionId, Exchanges exchanges) {
		log.info("Submission {} interrupted by shutdown; released for another run", transactionId);
		uninterruptibly(() -> {
			try {
				attempts.record(policy, exchanges.unrecorded(), null);
			}
			catch (RuntimeException ex) {
				log.warn("Cannot record the exchanges of submission {}: {}", transactionId, ex.toString());
			}
			release(policy);
		});
		Thread.currentThread().interrupt();
	}

	/**
	 * The exchanges of one submission, recorded so that the happy path costs one
	 * transaction: an exchange that went well waits to be recorded with the outcome it
	 * leads to; one that failed is recorded at once with those before it, extending the
	 * claim, since a read-back pause may follow (a create or a delete that fails is
	 * deferred). A broker killed between an exchange that went well and its outcome loses
	 * that exchange's row, not the policy: the claim lapses and IAM's 409 names the
	 * policy by its mark.
	 */
	private final class Exchanges implements AttemptListener {

		private final PolicyKey policy;

		private final List<IamAttempt> unrecorded = new ArrayList<>();

		private Exchanges(PolicyKey policy) {
			this.policy = policy;
		}

		@Override
		public void attempted(IamAttempt attempt) {
			unrecorded.add(attempt);
			if (attempt.error() != null) {
				List<IamAttempt> due = unrecorded();
				uninterruptibly(() -> attempts.record(policy, due, time.now().plus(properties.claimTimeout())));
			}
		}

		List<IamAttempt> unrecorded() {
			List<IamAttempt> due = List.copyOf(unrecorded);
			unrecorded.clear();
			return due;
		}

	}

	/**
	 * Runs database work with the thread's interrupt put aside and restored afterwards: a
	 * shutdown interrupts submissions so they stop waiting for IAM, not so they give up
	 * recording what IAM did (the pool refuses an interrupted thread a connection).
	 */
	private static void uninterruptibly(Runnable work) {
		boolean interrupted = Thread.interrupted();
		try {
			work.run();
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}

package dev.s2s.broker.grant;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.s2s.broker.iam.AdaptiveLimit;
import dev.s2s.broker.iam.AttemptListener;
import dev.s2s.broker.iam.IamAttempt;
import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.iam.IamProperties;
import dev.s2s.broker.iam.PolicyConfirmation;
import dev.s2s.broker.iam.PolicyWrites;
import dev.s2s.broker.iam.SubmissionInterrupted;
import dev.s2s.broker.iam.SubmissionOutcome;
import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.persistence.Timestamps;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Takes committed PENDING policies from the database and submits them to IAM, and deletes
 * from IAM the DELETING policies of revoked grants. Work is found through the database
 * only, so nothing recorded is lost between the 202 and IAM: after a restart, or when
 * another instance dies, the worker picks up whatever is still pending.
 *
 * <p>
 * One dispatcher claims as many policies as the adaptive limit has room for, in one claim
 * round ({@link PolicyQueue#claim}), within the cluster's IAM budget and any back-off a
 * 429 asked of any instance, and runs each on a thread of its own (virtual where the
 * runtime has them), which submits it, reads it back until IAM serves it, records the
 * outcome and frees its slot. So the instance keeps as many policies at IAM as the limit
 * allows, and {@code broker.iam.max-concurrency} is its one knob.
 *
 * <p>
 * Each claim makes one attempt at a create or a delete. One that fails transiently (429,
 * 5xx, no answer) is given back to the queue to wait out its back-off unclaimed
 * ({@link PolicyQueue#defer}), so its slot and its share of the cluster's budget go to
 * other policies meanwhile (issue 11: with a fifth of IAM's answers 5xx, policies
 * sleeping between retries in their slots cut the throughput to a third of the fault-free
 * run's). The dispatcher wakes up when the first of them is due.
 */
@Component
class SubmissionWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SubmissionWorker.class);

	/**
	 * How long the dispatcher waits before asking again when the cluster's budget is
	 * spent by other instances' claims: they free it without telling this one.
	 */
	private static final Duration BUDGET_PAUSE = Duration.ofMillis(20);

	/** How long the dispatcher waits after a claim round failed (database trouble). */
	private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);

	private final PolicyQueue queue;

	private final PolicyWrites writes;

	private final PolicyConfirmation confirmation;

	private final AdaptiveLimit limit;

	private final WorkerProperties properties;

	private final int clusterBudget;

	private final SimpleAsyncTaskExecutor threads;

	private final Timestamps time;

	private final Object doorbell = new Object();

	/** The threads submitting now, to interrupt at shutdown. */
	private final Set<Thread> submitting = ConcurrentHashMap.newKeySet();

	/** How many submissions were started and have not ended; guarded by the doorbell. */
	private int inFlight;

	private volatile boolean running;

	/** Rung by every event that may let the dispatcher claim more. */
	private boolean rung;

	private @Nullable Future<?> dispatcher;

	/** The last pause shared with the other instances; only the dispatcher uses it. */
	private @Nullable Instant sharedPause;

	SubmissionWorker(PolicyQueue queue, PolicyWrites writes, PolicyConfirmation confirmation, AdaptiveLimit limit,
			WorkerProperties properties, IamProperties iamProperties, SimpleAsyncTaskExecutorBuilder executors,
			Timestamps time, Environment environment) {
		if (environment.containsProperty("broker.worker.concurrency")) {
			log.warn(
					"broker.worker.concurrency is no longer used and is ignored: an instance works on as many "
							+ "policies at once as broker.iam.max-concurrency allows ({})",
					iamProperties.maxConcurrency());
		}
		this.queue = queue;
		this.writes = writes;
		this.confirmation = confirmation;
		this.limit = limit;
		this.properties = properties;
		this.clusterBudget = iamProperties.clusterMaxConcurrency();
		// Boot's builder: virtual threads where spring.threads.virtual.enabled and the
		// runtime has them. At most the limit's ceiling of them run at once, plus the
		// dispatcher.
		this.threads = executors.threadNamePrefix("submission-").build();
		this.time = time;
	}

	/** New work was committed: the dispatcher need not wait for the next poll. */
	@TransactionalEventListener(fallbackExecution = true)
	void on(PoliciesQueued queued) {
		wake();
	}

	private void wake() {
		synchronized (doorbell) {
			rung = true;
			doorbell.notifyAll();
		}
	}

	@Override
	public synchronized void start() {
		if (!properties.enabled() || running) {
			return;
		}
		int released = queue.releaseAll(properties.instanceId());
		if (released > 0) {
			log.info("Took back {} policies claimed by an earlier run of instance {}", released,
					properties.instanceId());
		}
		running = true;
		dispatcher = threads.submit(this::dispatch);
		log.info(
				"Submission worker {} started: up to {} policies at IAM at once (broker.iam.max-concurrency), "
						+ "{} across all instances (broker.iam.cluster-max-concurrency)",
				properties.instanceId(), limit.ceiling(), clusterBudget);
	}

	/**
	 * Stops claiming and waits for the submissions in flight: each finishes and records
	 * its outcome, within {@code shutdownGrace}; those still busy then are interrupted,
	 * release their policies, and get one more {@code shutdownGrace}. Spring stops every
	 * lifecycle before it destroys any bean, so the DataSource is still open while
	 * outcomes are recorded. What a stop cannot record (a submission stuck past both
	 * graces, or a kill -9) the next run finds again: the claim lapses, the policy is
	 * submitted again, and IAM's 409 names the broker's own policy by its mark.
	 */
	@Override
	public synchronized void stop() {
		if (!running) {
			return;
		}
		running = false;
		wake();
		try {
			awaitDispatcher();
			if (!drained(properties.shutdownGrace())) {
				submitting.forEach(Thread::interrupt);
				drained(properties.shutdownGrace());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitDispatcher() throws InterruptedException {
		Future<?> loop = dispatcher;
		if (loop == null) {
			return;
		}
		try {
			loop.get(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException | CancellationException ex) {
			loop.cancel(true);
		}
		dispatcher = null;
	}

	/** Whether every submission in flight ended within {@code grace}. */
	private boolean drained(Duration grace) throws InterruptedException {
		long deadline = System.nanoTime() + grace.toNanos();
		synchronized (doorbell) {
			while (inFlight > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(doorbell, left);
			}
		}
		return true;
	}

	/**
	 * The last phase to start and the first to stop: before the web server's graceful
	 * shutdown, long before the DataSource closes.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/**
	 * The dispatcher: claims as much as the limit has room for, starts a submission per
	 * claim, and sleeps until a submission ends, new work is recorded, or the poll
	 * interval (or a pause IAM asked for) is over.
	 */
	private void dispatch() {
		while (running && !Thread.currentThread().isInterrupted()) {
			Duration pause = dispatchOnce();
			synchronized (doorbell) {
				if (!rung && running && !pause.isZero()) {
					try {
						doorbell.wait(Math.max(1, pause.toMillis()));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				rung = false;
			}
		}
	}

	/**
	 * One claim round and the submissions it starts.
	 * @return how long to wait before the next round unless woken (zero: at once)
	 */
	private Duration dispatchOnce() {
		Instant now = time.now().toInstant();
		Instant pausedUntil = limit.pausedUntil();
		if (pausedUntil.isAfter(now)) {
			sharePause(pausedUntil);
			return Duration.between(now, pausedUntil);
		}
		int room = limit.available();
		if (room == 0 || (room < claimBatch(limit) && busy())) {
			// Full, or nearly: a submission ending rings. Claiming a few at a time, not
			// one per ended submission, keeps claim rounds (each a transaction that
			// every instance takes in turn) a fraction of the submissions.
			return properties.pollInterval();
		}
		PolicyQueue.ClaimRound round;
		try {
			round = queue.claim(properties.instanceId(), claimUntil(), room, clusterBudget);
		}
		catch (RuntimeException ex) {
			log.warn("Cannot look for pending policies: {}", ex.toString());
			return FAILURE_PAUSE;
		}
		for (PolicyQueue.PolicyClaim claim : round.claims()) {
			start(claim);
		}
		if (round.pausedUntil() != null) {
			Duration left = Duration.between(time.now(), round.pausedUntil());
			return left.isNegative() ? Duration.ZERO : left;
		}
		if (round.budgetSpent()) {
			return BUDGET_PAUSE;
		}
		// Fewer claims than room: the queue is empty for now, but for the policies in
		// back-off, the first of which is claimed when due.
		return round.claims().size() < room ? idle(round.nextDue()) : Duration.ZERO;
	}

	/** How long to wait for new work: the poll interval, or until {@code nextDue}. */
	private Duration idle(@Nullable OffsetDateTime nextDue) {
		Duration poll = properties.pollInterval();
		if (nextDue == null) {
			return poll;
		}
		Duration untilDue = Duration.between(time.now(), nextDue);
		return untilDue.compareTo(poll) < 0 ? untilDue.plusMillis(1) : poll;
	}

	/**
	 * The fewest policies worth a claim round while submissions are running: an eighth of
	 * the limit now.
	 */
	private static int claimBatch(AdaptiveLimit limit) {
		return Math.max(1, limit.limit() / 8);
	}

	private boolean busy() {
		synchronized (doorbell) {
			return inFlight > 0;
		}
	}

	/**
	 * Tells the other instances of the pause a 429 asked of this one, once per pause: IAM
	 * limits the API key they share.
	 */
	private void sharePause(Instant until) {
		if (until.equals(sharedPause)) {
			return;
		}
		try {
			queue.pauseAll(until.atOffset(ZoneOffset.UTC));
			sharedPause = until;
			log.info("IAM asked for a pause until {}; no instance claims new work before then", until);
		}
		catch (RuntimeException ex) {
			log.warn("Cannot share IAM's pause with the other instances: {}", ex.toString());
		}
	}

	private void start(PolicyQueue.PolicyClaim claim) {
		if (!limit.tryAcquire()) {
			// A 429 halved the limit since the round began: give the claim back.
			release(claim.key());
			return;
		}
		synchronized (doorbell) {
			inFlight++;
		}
		try {
			threads.execute(() -> {
				submitting.add(Thread.currentThread());
				try {
					submit(claim);
				}
				finally {
					submitting.remove(Thread.currentThread());
					ended(limit);
				}
			});
		}
		catch (RuntimeException ex) {
			ended(limit);
			release(claim.key());
			log.warn("Cannot start the submission of {}: {}", claim.key(), ex.toString());
		}
	}

	/** A submission ended: its slot is free, and the dispatcher may claim again. */
	private void ended(AdaptiveLimit limit) {
		limit.release();
		synchronized (doorbell) {
			inFlight--;
			rung = true;
			doorbell.notifyAll();
		}
	}

	private void release(PolicyQueue.PolicyKey policy) {
		try {
			queue.release(policy);
		}
		catch (RuntimeException ex) {
			// Its claim lapses instead.
			log.warn("Cannot give back the claim on {}: {}", policy, ex.toString());
		}
	}

	private void submit(PolicyQueue.PolicyClaim claim) {
		PolicyQueue.PolicyKey policy = claim.key();
		String transactionId = "s2s-" + policy.grantId() + "-" + policy.ordinal()
				+ (claim.isDeletion() ? "-revoke" : "");
		// Every log line of this submission carries the grant and IAM's transaction id
		// (structured logs).
		MDC.put("grantId", policy.grantId().toString());
		MDC.put("transactionId", transactionId);
		try {
			submitAndRecord(claim, policy, transactionId);
		}
		finally {
			MDC.remove("grantId");
			MDC.remove("transactionId");
		}
	}

	private void submitAndRecord(PolicyQueue.PolicyClaim claim, PolicyQueue.PolicyKey policy, String transactionId) {
		SubmissionOutcome outcome;
		Attempts attempts = new Attempts(policy);
		try {
			AttemptListener recorder = attempts;
			// Every call about a policy is made as the identity of its target's account.
			String account = claim.document().resourceAttribute("accountId");
			PolicyQueue.Sharing sharing = claim.isDeletion() && claim.iamPolicyId() != null
					? queue.sharing(claim.iamPolicyId(), policy.grantId()) : null;
			if (sharing != null
					&& (sharing.heldElsewhere() || claim.addedRoles() != null && !sharing.createdByBroker())) {
				// A policy another live grant also holds stays, with the roles that grant
				// needs; one the grant extended and the broker never created gives back
				// only the roles it added. A policy the broker created is deleted by the
				// revoke of the last grant that holds it (issue 20).
				List<String> giveBack = new ArrayList<>(claim.addedRoles() != null ? claim.addedRoles()
						: claim.document().roles().stream().map(PolicyDocument.Role::roleId).toList());
				giveBack.removeAll(sharing.rolesNeededElsewhere());
				outcome = writes.restore(claim.iamPolicyId(), claim.document(), giveBack, transactionId,
						claim.failedBefore(), recorder);
			}
			else if (claim.isDeletion()) {
				outcome = writes.delete(claim.iamPolicyId(), account, transactionId, claim.failedBefore(), recorder);
			}
			else {
				outcome = confirmation.confirm(
						writes.create(claim.document(), transactionId, claim.failedBefore(), recorder),
						claim.document(), transactionId, recorder);
			}
		}
		catch (SubmissionInterrupted ex) {
			releaseInterrupted(policy, transactionId, attempts);
			return;
		}
		catch (RuntimeException ex) {
			if (Thread.currentThread().isInterrupted()) {
				releaseInterrupted(policy, transactionId, attempts);
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
			releaseInterrupted(policy, transactionId, attempts);
			return;
		}
		if (outcome instanceof SubmissionOutcome.Deferred deferred) {
			defer(policy, transactionId, deferred, attempts);
			return;
		}
		SubmissionOutcome ended = outcome;
		try {
			uninterruptibly(() -> queue.recordOutcome(policy, ended, attempts.unrecorded()));
		}
		catch (RuntimeException ex) {
			// The claim lapses and the policy is submitted again. IAM's 409 then
			// names what this submission may have created, with this grant's mark
			// in its description: it is recorded CREATED, and a revoke deletes it.
			log.error("Cannot record the outcome of submission {}: {}", transactionId, ex.toString());
		}
	}

	private void defer(PolicyQueue.PolicyKey policy, String transactionId, SubmissionOutcome.Deferred deferred,
			Attempts attempts) {
		OffsetDateTime next = time.now().plus(deferred.backOff());
		try {
			uninterruptibly(() -> queue.defer(policy, attempts.unrecorded(), next));
		}
		catch (RuntimeException ex) {
			// The claim lapses instead, and the policy is tried again then.
			log.warn("Cannot put off submission {} until {}: {}", transactionId, next, ex.toString());
		}
	}

	private void releaseInterrupted(PolicyQueue.PolicyKey policy, String transactionId, Attempts attempts) {
		log.info("Submission {} interrupted by shutdown; released for another run", transactionId);
		uninterruptibly(() -> {
			try {
				queue.recordAttempts(policy, attempts.unrecorded(), null);
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
	private final class Attempts implements AttemptListener {

		private final PolicyQueue.PolicyKey policy;

		private final List<IamAttempt> unrecorded = new ArrayList<>();

		private Attempts(PolicyQueue.PolicyKey policy) {
			this.policy = policy;
		}

		@Override
		public void attempted(IamAttempt attempt) {
			unrecorded.add(attempt);
			if (attempt.error() != null) {
				List<IamAttempt> due = List.copyOf(unrecorded);
				unrecorded.clear();
				uninterruptibly(() -> queue.recordAttempts(policy, due, claimUntil()));
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

	private OffsetDateTime claimUntil() {
		return time.now().plus(properties.claimTimeout());
	}

}

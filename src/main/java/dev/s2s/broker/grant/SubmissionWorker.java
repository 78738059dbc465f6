package dev.s2s.broker.grant;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.s2s.broker.iam.AttemptListener;
import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.iam.IamPolicies;
import dev.s2s.broker.iam.SubmissionInterrupted;
import dev.s2s.broker.iam.SubmissionOutcome;
import dev.s2s.broker.persistence.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Takes committed PENDING policies from the database and submits them to IAM, a few at a
 * time, and deletes from IAM the DELETING policies of revoked grants. Work is found
 * through the database only, so nothing recorded is lost between the 202 and IAM: after a
 * restart, or when another instance dies, the worker picks up whatever is still pending.
 */
@Component
class SubmissionWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SubmissionWorker.class);

	/** How long a loop waits before asking again while IAM throttles the broker. */
	private static final Duration THROTTLED_PAUSE = Duration.ofMillis(200);

	private final PolicyQueue queue;

	private final IamPolicies iam;

	private final WorkerProperties properties;

	private final SimpleAsyncTaskExecutor threads;

	private final Timestamps time;

	private final Object doorbell = new Object();

	private final List<Future<?>> loops = new ArrayList<>();

	private volatile boolean running;

	private CountDownLatch stopped = new CountDownLatch(0);

	SubmissionWorker(PolicyQueue queue, IamPolicies iam, WorkerProperties properties,
			SimpleAsyncTaskExecutorBuilder executors, Timestamps time) {
		this.queue = queue;
		this.iam = iam;
		this.properties = properties;
		// Boot's builder: virtual threads where spring.threads.virtual.enabled and the
		// runtime has them.
		this.threads = executors.threadNamePrefix("submission-").build();
		this.time = time;
	}

	/** New work was committed: idle loops need not wait for the next poll. */
	@TransactionalEventListener(fallbackExecution = true)
	void on(PoliciesQueued queued) {
		wake();
	}

	private void wake() {
		synchronized (doorbell) {
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
		stopped = new CountDownLatch(properties.concurrency());
		for (int i = 0; i < properties.concurrency(); i++) {
			loops.add(threads.submit(this::loop));
		}
		log.info("Submission worker {} started with {} loops", properties.instanceId(), properties.concurrency());
	}

	/**
	 * Stops taking work and waits for the loops: each finishes the submission in hand and
	 * records its outcome, within {@code shutdownGrace}; those still busy then are
	 * interrupted, release their policies, and get one more {@code shutdownGrace}. Spring
	 * stops every lifecycle before it destroys any bean, so the DataSource is still open
	 * while outcomes are recorded. What a stop cannot record (a loop stuck past both
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
			if (!stopped.await(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
				loops.forEach(loop -> loop.cancel(true));
				stopped.await(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		loops.clear();
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

	private void loop() {
		try {
			while (running && !Thread.currentThread().isInterrupted()) {
				if (!iam.limit().tryAcquire()) {
					idle(THROTTLED_PAUSE);
					continue;
				}
				Optional<PolicyQueue.PolicyClaim> claim;
				try {
					claim = claimNext();
					claim.ifPresent(this::submit);
				}
				finally {
					iam.limit().release();
				}
				if (claim.isEmpty()) {
					idle(properties.pollInterval());
				}
			}
		}
		finally {
			stopped.countDown();
		}
	}

	private Optional<PolicyQueue.PolicyClaim> claimNext() {
		try {
			return queue.claimNext(properties.instanceId(), claimUntil());
		}
		catch (RuntimeException ex) {
			log.warn("Cannot look for pending policies: {}", ex.toString());
			return Optional.empty();
		}
	}

	private void idle(Duration pause) {
		synchronized (doorbell) {
			try {
				doorbell.wait(pause.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
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
		try {
			AttemptListener recorder = attempt -> queue.recordAttempt(policy, attempt, claimUntil());
			outcome = claim.isDeletion() ? iam.delete(claim.iamPolicyId(), transactionId, recorder)
					: iam.submit(claim.document(), transactionId, recorder);
		}
		catch (SubmissionInterrupted ex) {
			log.info("Submission {} interrupted by shutdown; released for another run", transactionId);
			queue.release(policy);
			Thread.currentThread().interrupt();
			return;
		}
		catch (RuntimeException ex) {
			log.error("Submission {} failed inside the broker", transactionId, ex);
			outcome = new SubmissionOutcome.Failed(
					new IamError(null, "broker_error", "The broker could not complete the submission ("
							+ ex.getClass().getSimpleName() + "); retry the grant", null));
		}
		try {
			queue.recordOutcome(policy, outcome);
		}
		catch (RuntimeException ex) {
			// The claim lapses and the policy is submitted again. IAM's 409 then
			// names what this submission may have created, with this grant's mark
			// in its description: it is recorded CREATED, and a revoke deletes it.
			log.error("Cannot record the outcome of submission {}: {}", transactionId, ex.toString());
		}
	}

	private OffsetDateTime claimUntil() {
		return time.now().plus(properties.claimTimeout());
	}

}

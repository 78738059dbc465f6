package dev.s2s.broker.grant;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;

import dev.s2s.broker.iam.AdaptiveLimit;
import dev.s2s.broker.persistence.Timestamps;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatch loop: claims as many policies as the {@link AdaptiveLimit} has room for,
 * in one claim round ({@link PolicyQueue#claim}) within the cluster's IAM budget and any
 * pause a 429 asked of any instance, starts a {@link PolicySubmission} per claim, and
 * waits on the {@link Doorbell} until a submission ends, new work is committed, or the
 * poll interval (or IAM's pause, or the first back-off) is over. It submits nothing
 * itself and records nothing but the claims.
 */
final class Dispatcher implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	/**
	 * How long the dispatcher waits before asking again when the cluster's budget is
	 * spent by other instances' claims: they free it without telling this one.
	 */
	private static final Duration BUDGET_PAUSE = Duration.ofMillis(20);

	/** How long the dispatcher waits after a claim round failed (database trouble). */
	private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);

	private final PolicyQueue queue;

	private final PolicySubmission submission;

	private final InFlightSubmissions inFlight;

	private final AdaptiveLimit limit;

	private final Doorbell doorbell;

	private final WorkerProperties properties;

	private final int clusterBudget;

	private final Timestamps time;

	private final WorkerTimings timings;

	private final BooleanSupplier running;

	/** The last pause shared with the other instances. */
	private @Nullable Instant sharedPause;

	Dispatcher(PolicyQueue queue, PolicySubmission submission, InFlightSubmissions inFlight, AdaptiveLimit limit,
			Doorbell doorbell, WorkerProperties properties, int clusterBudget, Timestamps time, WorkerTimings timings,
			BooleanSupplier running) {
		this.queue = queue;
		this.submission = submission;
		this.inFlight = inFlight;
		this.limit = limit;
		this.doorbell = doorbell;
		this.properties = properties;
		this.clusterBudget = clusterBudget;
		this.time = time;
		this.timings = timings;
		this.running = running;
	}

	@Override
	public void run() {
		while (running.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
			Duration pause = dispatchOnce();
			try {
				if (running.getAsBoolean()) {
					doorbell.await(pause);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * One claim round and the submissions it starts.
	 * @return how long to wait before the next round unless woken (zero: at once)
	 */
	Duration dispatchOnce() {
		Instant now = time.now().toInstant();
		Instant pausedUntil = limit.pausedUntil();
		if (pausedUntil.isAfter(now)) {
			sharePause(pausedUntil);
			return Duration.between(now, pausedUntil);
		}
		int room = limit.available();
		if (room == 0 || (room < claimBatch() && inFlight.any())) {
			// Full, or nearly: a submission ending rings. Claiming a few at a time, not
			// one per ended submission, keeps claim rounds (each a transaction that
			// every instance takes in turn) a fraction of the submissions.
			return properties.pollInterval();
		}
		PolicyQueue.ClaimRound round;
		try {
			round = timings.claimRound(() -> queue.claim(properties.instanceId(),
					time.now().plus(properties.claimTimeout()), room, clusterBudget));
		}
		catch (RuntimeException ex) {
			log.warn("Cannot look for pending policies: {}", ex.toString());
			return FAILURE_PAUSE;
		}
		for (PolicyClaim claim : round.claims()) {
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

	private void start(PolicyClaim claim) {
		boolean started;
		try {
			started = inFlight.start(() -> submission.submit(claim));
		}
		catch (RuntimeException ex) {
			log.warn("Cannot start the submission of {}: {}", claim.key(), ex.toString());
			started = false;
		}
		if (!started) {
			// A 429 lowered the limit since the round began, or no thread: give the
			// claim back.
			submission.release(claim.key());
		}
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
	private int claimBatch() {
		return Math.max(1, limit.limit() / 8);
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

}

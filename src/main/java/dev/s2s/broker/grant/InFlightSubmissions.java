package dev.s2s.broker.grant;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.s2s.broker.iam.AdaptiveLimit;
import dev.s2s.broker.iam.IamExchanges;

import org.springframework.core.task.TaskExecutor;

/**
 * The submissions this instance runs now, each on a thread of its own and each holding
 * one slot of the {@link AdaptiveLimit}: started while the limit has room, counted until
 * they end, drained (and at last interrupted) at shutdown. Every submission that ends
 * frees its slot and rings the {@link Doorbell}, so the dispatcher claims again.
 */
final class InFlightSubmissions {

	private final TaskExecutor threads;

	private final AdaptiveLimit limit;

	private final IamExchanges exchanges;

	private final Doorbell doorbell;

	/** The threads submitting now, to interrupt at shutdown. */
	private final Set<Thread> submitting = ConcurrentHashMap.newKeySet();

	/** How many submissions were started and have not ended; guarded by this. */
	private int count;

	InFlightSubmissions(TaskExecutor threads, AdaptiveLimit limit, IamExchanges exchanges, Doorbell doorbell) {
		this.threads = threads;
		this.exchanges = exchanges;
		this.limit = limit;
		this.doorbell = doorbell;
	}

	/**
	 * Starts {@code submission} on a thread of its own when the limit has a slot for it.
	 * @return false when it was not started: a 429 lowered the limit since the claim
	 * round began, or no thread could be had
	 */
	boolean start(Runnable submission) {
		if (!limit.tryAcquire()) {
			return false;
		}
		synchronized (this) {
			count++;
		}
		try {
			threads.execute(() -> {
				submitting.add(Thread.currentThread());
				try {
					submission.run();
				}
				finally {
					submitting.remove(Thread.currentThread());
					ended();
				}
			});
			return true;
		}
		catch (RuntimeException ex) {
			ended();
			throw ex;
		}
	}

	/** Whether any submission is running. */
	synchronized boolean any() {
		return count > 0;
	}

	/**
	 * Interrupts every submission running, and cuts short the exchanges with IAM they
	 * wait for: they stop waiting for IAM.
	 */
	void interruptAll() {
		submitting.forEach(Thread::interrupt);
		exchanges.abortInterrupted();
	}

	/** Whether every submission running ended within {@code grace}. */
	synchronized boolean drained(Duration grace) throws InterruptedException {
		long deadline = System.nanoTime() + grace.toNanos();
		while (count > 0) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		return true;
	}

	private void ended() {
		limit.release();
		synchronized (this) {
			count--;
			notifyAll();
		}
		doorbell.ring();
	}

}

package dev.s2s.broker.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.s2s.broker.web.ApiProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Waiting for background work on behalf of a caller's {@code Prefer: wait}, within bounds
 * that keep the server serving. Issue 13: with IAM slowed to 3 s, 230 waiters on JDK 17
 * held the request threads, so the liveness probe took 53 s and waiters answered after up
 * to 118 s of a 60 s wait.
 * <ul>
 * <li>At most {@code broker.api.max-waiters} requests wait at once; beyond them the
 * broker declines to wait, and the caller answers at once.</li>
 * <li>A wait ends at its deadline, which callers count from the request's arrival; the
 * last read may end a few milliseconds after it.</li>
 * <li>Between two reads a waiter holds no database connection: the reads run outside any
 * transaction, each taking a connection and giving it back. With virtual threads (JDK
 * 21+) waiters are cheap; the connection pool is not.</li>
 * </ul>
 */
@Component
class Patience {

	private static final Duration POLL = Duration.ofMillis(100);

	private final int maxWaiters;

	private final Semaphore waiters;

	private final Counter declined;

	Patience(ApiProperties properties, MeterRegistry meters) {
		this.maxWaiters = properties.maxWaiters();
		this.waiters = new Semaphore(maxWaiters);
		Gauge.builder("s2s.api.waiters", this, patience -> patience.maxWaiters - patience.waiters.availablePermits())
			.description("Requests waiting now for their work to finish (Prefer: wait)")
			.register(meters);
		this.declined = Counter.builder("s2s.api.waits.declined")
			.description("Requests answered at once although they preferred to wait: broker.api.max-waiters waited")
			.register(meters);
	}

	/**
	 * Re-reads {@code current} until it is {@code done} or {@code deadline} passes (or
	 * the thread is interrupted), and returns the last reading; empty, at once, when
	 * {@code broker.api.max-waiters} requests wait already.
	 * @throws IllegalStateException inside a transaction, which would hold its database
	 * connection for the whole wait
	 */
	<T> Optional<T> await(T current, Predicate<T> done, Supplier<T> reread, Instant deadline) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException(
					"Waiting inside a transaction would hold its connection for the whole wait");
		}
		if (done.test(current)) {
			return Optional.of(current);
		}
		if (!waiters.tryAcquire()) {
			declined.increment();
			return Optional.empty();
		}
		try {
			T reading = current;
			while (!done.test(reading) && pauseBefore(deadline)) {
				reading = reread.get();
			}
			return Optional.of(reading);
		}
		finally {
			waiters.release();
		}
	}

	/**
	 * Sleeps until the next read, never past the deadline.
	 * @return false when the deadline has passed or the thread was interrupted: read no
	 * more
	 */
	private static boolean pauseBefore(Instant deadline) {
		long left = Duration.between(Instant.now(), deadline).toMillis();
		if (left <= 0) {
			return false;
		}
		try {
			Thread.sleep(Math.min(POLL.toMillis(), left));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}

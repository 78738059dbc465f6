package dev.s2s.broker.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting for background work on behalf of a caller's {@code Prefer: wait}. */
final class Patience {

	private static final Duration POLL = Duration.ofMillis(100);

	private Patience() {
	}

	/**
	 * Re-reads {@code current} until it is {@code done} or {@code patience} runs out (or
	 * the thread is interrupted), and returns the last reading.
	 */
	static <T> T await(T current, Predicate<T> done, Supplier<T> reread, Duration patience) {
		Instant deadline = Instant.now().plus(patience);
		T reading = current;
		while (!done.test(reading) && Instant.now().isBefore(deadline) && pause()) {
			reading = reread.get();
		}
		return reading;
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

}

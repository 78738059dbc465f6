package dev.s2s.broker.standin;

import java.time.Duration;

/**
 * Faults the IAM stand-in deals at random to policy calls ({@code /v1/policies*}), for
 * load tests: each call draws once.
 *
 * @param serverErrors share of policy calls answered 500, 502, 503 or 504 (one of them at
 * random) without doing anything
 * @param resets share of policy calls whose connection is closed without an answer
 * @param lostAnswers share of those resets that come after the work is done: the policy
 * is created (or deleted), the caller never hears of it
 * @param throttleEvery a burst of 429s ends this often, timed from the stand-in's start
 * (zero: never)
 * @param throttleFor how long each burst lasts: every policy call is answered 429 with
 * {@code Retry-After: 1}
 */
public record RandomFaults(double serverErrors, double resets, double lostAnswers, Duration throttleEvery,
		Duration throttleFor) {

	/** No fault at all. */
	public static final RandomFaults NONE = new RandomFaults(0, 0, 0, Duration.ZERO, Duration.ZERO);

	public RandomFaults {
		for (double share : new double[] { serverErrors, resets, lostAnswers }) {
			if (share < 0 || share > 1) {
				throw new IllegalArgumentException("a share is between 0 and 1, not " + share);
			}
		}
		if (serverErrors + resets > 1) {
			throw new IllegalArgumentException("server errors and resets share at most all calls");
		}
		if (throttleEvery.isNegative() || throttleFor.isNegative()
				|| (!throttleEvery.isZero() && throttleFor.compareTo(throttleEvery) >= 0)) {
			throw new IllegalArgumentException("a throttling burst is shorter than the time between two");
		}
	}

	/** Whether a throttling burst lasts at this time since the stand-in's start. */
	boolean throttling(Duration sinceStart) {
		if (throttleEvery.isZero() || throttleFor.isZero()) {
			return false;
		}
		long every = throttleEvery.toNanos();
		return sinceStart.toNanos() % every >= every - throttleFor.toNanos();
	}

}

package dev.s2s.broker.iam;

/**
 * How many of IAM's recent answers to this instance were failures (5xx, or no answer), as
 * a moving average over about the last {@value #WINDOW} answers; 429s count for neither,
 * since IAM's {@code Retry-After} paces those. It tells the {@link RetrySchedule} a
 * scattered failure among many successes, which is worth trying again soon, from an
 * outage, which is worth waiting out with ever longer pauses.
 */
class RecentFailures {

	/** About how many answers the average remembers. */
	static final int WINDOW = 50;

	/** The share of failures from which IAM is taken to be out. */
	static final double OUTAGE = 0.5;

	private double ratio;

	/** IAM answered, whatever the status, but 5xx and 429. */
	synchronized void answered() {
		ratio -= ratio / WINDOW;
	}

	/** IAM failed: 5xx, or no answer at all. */
	synchronized void failed() {
		ratio += (1 - ratio) / WINDOW;
	}

	/** Whether most recent answers were failures. */
	synchronized boolean outage() {
		return ratio >= OUTAGE;
	}

	synchronized double ratio() {
		return ratio;
	}

}

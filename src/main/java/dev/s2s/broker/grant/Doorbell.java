package dev.s2s.broker.grant;

import java.time.Duration;

/**
 * How the dispatcher learns that it may claim more before its pause is over: new work was
 * committed, a submission ended and freed its slot, or the worker is stopping. A ring
 * that comes while the dispatcher is busy is kept for its next wait, so none is lost.
 */
final class Doorbell {

	private boolean rung;

	synchronized void ring() {
		rung = true;
		notifyAll();
	}

	/**
	 * Waits until the bell rings or {@code pause} is over (not at all when it rang since
	 * the last wait, or the pause is zero), and clears the ring.
	 */
	synchronized void await(Duration pause) throws InterruptedException {
		try {
			if (!rung && !pause.isZero() && !pause.isNegative()) {
				wait(Math.max(1, pause.toMillis()));
			}
		}
		finally {
			rung = false;
		}
	}

}

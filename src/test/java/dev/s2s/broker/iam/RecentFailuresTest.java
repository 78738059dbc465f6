package dev.s2s.broker.iam;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telling a failure scattered among IAM's successes from an outage, by the share of
 * recent answers that failed.
 */
class RecentFailuresTest {

	private final RecentFailures failures = new RecentFailures();

	@Test
	void aFifthOfAnswersFailingIsNoOutage() {
		for (int i = 0; i < 1000; i++) {
			if (i % 5 == 0) {
				failures.failed();
			}
			else {
				failures.answered();
			}
		}

		assertThat(failures.outage()).isFalse();
		assertThat(failures.ratio()).isBetween(0.1, 0.3);
	}

	@Test
	void mostRecentAnswersFailingIsAnOutageAndSuccessesEndIt() {
		for (int i = 0; i < 100; i++) {
			failures.answered();
		}
		for (int i = 0; i < 40; i++) {
			failures.failed();
		}

		assertThat(failures.outage()).as("40 failures in a row after 100 successes").isTrue();

		for (int i = 0; i < 40; i++) {
			failures.answered();
		}

		assertThat(failures.outage()).isFalse();
	}

	@Test
	void aFewFailuresInARowAreNoOutage() {
		for (int i = 0; i < 5; i++) {
			failures.failed();
		}

		assertThat(failures.outage()).isFalse();
	}

}

package dev.s2s.broker.grant;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The time the worker spends on its own records between IAM's exchanges, where a slot of
 * the IAM budget waits on the database rather than on IAM: claim rounds
 * ({@code s2s.worker.claim.rounds}) and the recording of each attempt's outcome or
 * deferral ({@code s2s.worker.records}). With {@code s2s.iam.requests} they tell how much
 * of a slot's time IAM had (issue 21).
 */
final class WorkerTimings {

	private final Timer claimRounds;

	private final Timer records;

	WorkerTimings(MeterRegistry meters) {
		this.claimRounds = Timer.builder("s2s.worker.claim.rounds")
			.description("Claim rounds of this instance's dispatcher, each one transaction")
			.register(meters);
		this.records = Timer.builder("s2s.worker.records")
			.description("Recordings of a submission's outcome or deferral, with its exchanges")
			.register(meters);
	}

	<T> T claimRound(Supplier<T> round) {
		return claimRounds.record(round);
	}

	void record(Runnable recording) {
		records.record(recording);
	}

}

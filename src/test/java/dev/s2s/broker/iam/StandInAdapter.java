package dev.s2s.broker.iam;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.s2s.broker.standin.IamStandIn;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.retry.backoff.Sleeper;
import org.springframework.web.client.RestClient;

/**
 * The IAM adapter's policy types wired as {@link IamConfiguration} wires them, against an
 * IAM stand-in: reads wait at most 800 ms, 4 attempts with back-off from 100 ms
 * (doubling, at most 5 s, a {@code Retry-After} at most 60 s), a confirm timeout of 5 s.
 * Every pause taken in the thread is recorded in {@link #pauses}, never slept.
 */
final class StandInAdapter {

	/** The pauses taken in the thread, in milliseconds, in order. */
	final List<Long> pauses = new CopyOnWriteArrayList<>();

	final MeterRegistry meters = new SimpleMeterRegistry();

	final AdaptiveLimit limit;

	/** What the schedule knows of IAM's recent failures; {@link #outage} fills it. */
	final RecentFailures failures = new RecentFailures();

	final PolicyWrites writes;

	final PolicyConfirmation confirmation;

	final PolicyReads reads;

	private StandInAdapter(IamStandIn iam, String apiKey, Duration readTimeout, boolean extendExisting,
			@Nullable Sleeper sleeper) {
		IamProperties properties = new IamProperties(iam.url(), apiKey,
				new IamProperties.Timeouts(Duration.ofSeconds(2), readTimeout, Duration.ofSeconds(5),
						Duration.ofSeconds(2), null, null),
				new IamProperties.Retry(4, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5), Duration.ofSeconds(60)),
				Duration.ofHours(1), EnterpriseOfStandIn.NO_COMPUTE_RESOURCE, null,
				EnterpriseOfStandIn.TEMPLATE_PROFILE, 32, extendExisting);
		JsonMapper json = JsonMapper.builder().build();
		Clock clock = Clock.systemUTC();
		this.limit = IamConfiguration.limit(8, clock, meters);
		IamTransport transport = IamConfiguration.transport(RestClient.builder(),
				IamConfiguration.identities(RestClient.builder(), properties, json, clock, meters), limit, failures,
				properties, json, clock, meters);
		RetrySchedule schedule = new RetrySchedule(properties.retry(), properties.confirmTimeout(), failures,
				sleeper != null ? sleeper : pauses::add, clock, meters);
		PolicyExchanges exchanges = new PolicyExchanges(transport, json);
		this.writes = new PolicyWrites(exchanges, schedule, properties.extendExistingPolicies());
		this.confirmation = new PolicyConfirmation(exchanges, schedule);
		this.reads = new PolicyReads(exchanges, schedule);
	}

	/**
	 * As after IAM failed most of the last answers: the schedule waits out an outage with
	 * growing pauses.
	 */
	StandInAdapter duringAnOutage() {
		for (int i = 0; i < 2 * RecentFailures.WINDOW; i++) {
			failures.failed();
		}
		return this;
	}

	static StandInAdapter of(IamStandIn iam) {
		return new StandInAdapter(iam, iam.apiKey(), Duration.ofMillis(800), true, null);
	}

	static StandInAdapter withApiKey(IamStandIn iam, String apiKey) {
		return new StandInAdapter(iam, apiKey, Duration.ofMillis(800), true, null);
	}

	static StandInAdapter notExtending(IamStandIn iam) {
		return new StandInAdapter(iam, iam.apiKey(), Duration.ofMillis(800), false, null);
	}

	static StandInAdapter withReadTimeout(IamStandIn iam, Duration readTimeout) {
		return new StandInAdapter(iam, iam.apiKey(), readTimeout, true, null);
	}

	/** An adapter whose pauses {@code sleeper} takes instead of being recorded. */
	static StandInAdapter withSleeper(IamStandIn iam, Sleeper sleeper) {
		return new StandInAdapter(iam, iam.apiKey(), Duration.ofMillis(800), true, sleeper);
	}

	/** How many pauses {@code s2s.iam.retries} counted. */
	double retriesCounted() {
		return meters.counter("s2s.iam.retries").count();
	}

	/**
	 * The attempts of one operation as the queue makes them: one, then another after each
	 * {@link SubmissionOutcome.Deferred} with one more failure before it, until an
	 * outcome that is not deferred. The deferrals' pauses are collected, not waited.
	 */
	static final class AsTheQueue {

		/** The pauses the deferrals asked for, in order. */
		final List<Duration> deferrals = new ArrayList<>();

		/** Runs attempts {@code failedBefore -> outcome} until one is not deferred. */
		SubmissionOutcome attempt(Attempt attempt) {
			for (int failedBefore = 0;; failedBefore++) {
				if (failedBefore > 20) {
					throw new AssertionError("still deferred after " + failedBefore + " attempts");
				}
				SubmissionOutcome outcome = attempt.once(failedBefore);
				if (!(outcome instanceof SubmissionOutcome.Deferred deferred)) {
					return outcome;
				}
				deferrals.add(deferred.backOff());
			}
		}

		/** The deferrals' pauses in milliseconds. */
		List<Long> deferredMillis() {
			return deferrals.stream().map(Duration::toMillis).toList();
		}

	}

	@FunctionalInterface
	interface Attempt {

		SubmissionOutcome once(int failedBefore);

	}

}

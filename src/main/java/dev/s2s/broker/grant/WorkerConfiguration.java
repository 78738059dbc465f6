package dev.s2s.broker.grant;

import java.time.Clock;

import dev.s2s.broker.iam.AdaptiveLimit;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's share of IAM: the adaptive limit of its submissions in flight, from
 * {@code broker.worker.max-concurrency}, which every exchange with IAM feeds, and the
 * timings of the worker's own records.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	@Bean
	AdaptiveLimit iamConcurrencyLimit(WorkerProperties properties, Clock clock, MeterRegistry meters) {
		return AdaptiveLimit.of(properties.maxConcurrency(), clock, meters);
	}

	@Bean
	WorkerTimings workerTimings(MeterRegistry meters) {
		return new WorkerTimings(meters);
	}

}

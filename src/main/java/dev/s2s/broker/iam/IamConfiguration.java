package dev.s2s.broker.iam;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.retry.backoff.ThreadWaitSleeper;
import org.springframework.web.client.RestClient;

/**
 * The IAM adapter's beans, on the application's one {@link Clock}: the identities, the
 * {@link AdaptiveLimit} every exchange feeds, the transport, the {@link RetrySchedule}
 * and the policy types ({@link PolicyWrites}, {@link PolicyConfirmation},
 * {@link PolicyReads}) that share the Policy Management API's exchanges, and the roles.
 * Its static methods wire the same parts for tests against the IAM stand-in.
 */
@Configuration(proxyBeanMethods = false)
class IamConfiguration {

	@Bean
	IamIdentities iamIdentities(RestClient.Builder restClients, IamProperties properties, JsonMapper json, Clock clock,
			MeterRegistry meters) {
		return identities(restClients, properties, json, clock, meters);
	}

	@Bean
	AdaptiveLimit iamConcurrencyLimit(IamProperties properties, Clock clock, MeterRegistry meters) {
		return limit(properties, clock, meters);
	}

	@Bean
	IamTransport iamTransport(RestClient.Builder restClients, IamIdentities identities, AdaptiveLimit limit,
			IamProperties properties, JsonMapper json, Clock clock, MeterRegistry meters) {
		return transport(restClients, identities, limit, properties, json, clock, meters);
	}

	@Bean
	RetrySchedule iamRetrySchedule(IamProperties properties, Clock clock, MeterRegistry meters) {
		return new RetrySchedule(properties.retry(), properties.confirmTimeout(), new ThreadWaitSleeper(), clock,
				meters);
	}

	@Bean
	PolicyExchanges policyExchanges(IamTransport transport, JsonMapper json) {
		return new PolicyExchanges(transport, json);
	}

	@Bean
	PolicyWrites policyWrites(PolicyExchanges exchanges, RetrySchedule schedule, IamProperties properties) {
		return new PolicyWrites(exchanges, schedule, properties.extendExistingPolicies());
	}

	@Bean
	PolicyConfirmation policyConfirmation(PolicyExchanges exchanges, RetrySchedule schedule) {
		return new PolicyConfirmation(exchanges, schedule);
	}

	@Bean
	PolicyReads policyReads(PolicyExchanges exchanges, RetrySchedule schedule) {
		return new PolicyReads(exchanges, schedule);
	}

	@Bean
	IamRoles iamRoles(IamTransport transport, IamProperties properties, Clock clock) {
		return new IamRoles(transport, properties.rolesTtl(), properties.rolesReadTimeout(), clock);
	}

	/**
	 * Once the broker is ready, tells the log who it is at IAM, from a thread of its own:
	 * a slow IAM delays nothing.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> baseIdentityReport(IamIdentities identities) {
		return ready -> {
			Thread report = new Thread(identities::reportBaseIdentity, "iam-base-identity");
			report.setDaemon(true);
			report.start();
		};
	}

	/**
	 * Whether IAM issued the base identity a token the last time it was asked: shown in
	 * health, but in no probe group, so an IAM outage restarts no pod. It reads the last
	 * known state and never asks IAM itself, so a health request costs IAM nothing (issue
	 * 19: each anonymous request made a token request and waited for it).
	 */
	@Bean
	HealthIndicator iamToken(IamIdentities identities) {
		return () -> {
			IamIdentities.BaseExchange last = identities.lastBaseExchange();
			if (last == null) {
				return Health.unknown().withDetail("token", "not asked for yet").build();
			}
			Health.Builder health = last.issued() ? Health.up() : Health.down().withDetail("error", last.errorCode());
			return health.withDetail("lastExchange", last.at().toString()).build();
		};
	}

	/**
	 * The roles as production wires them, on a clock of the test's choosing; tests build
	 * them against the IAM stand-in.
	 */
	static IamRoles roles(RestClient.Builder restClients, IamProperties properties, JsonMapper json, Clock clock,
			MeterRegistry meters) {
		return new IamRoles(
				transport(restClients, identities(restClients, properties, json, clock, meters),
						limit(properties, clock, meters), properties, json, clock, meters),
				properties.rolesTtl(), properties.rolesReadTimeout(), clock);
	}

	/**
	 * The identities as production wires them, on a clock of the test's choosing; tests
	 * build them against the IAM stand-in.
	 */
	static IamIdentities identities(RestClient.Builder restClients, IamProperties properties, JsonMapper json,
			Clock clock, MeterRegistry meters) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
		requests.setReadTimeout(properties.readTimeout());
		RestClient tokens = restClients.clone().baseUrl(properties.url().toString()).requestFactory(requests).build();
		return new IamIdentities(properties, new IamTokenEndpoint(tokens, json, clock, meters), clock, meters);
	}

	/**
	 * The number of submissions an instance may have in flight, as production wires it:
	 * {@code broker.iam.max-concurrency}, measured as {@code s2s.iam.concurrency.limit}.
	 */
	static AdaptiveLimit limit(IamProperties properties, Clock clock, MeterRegistry meters) {
		AdaptiveLimit limit = new AdaptiveLimit(properties.maxConcurrency(), clock);
		Gauge.builder("s2s.iam.concurrency.limit", limit, AdaptiveLimit::limit)
			.description("Submissions this instance may have in flight at IAM now (halved by 429s)")
			.register(meters);
		return limit;
	}

	/**
	 * The transport as production wires it; tests build it against the IAM stand-in.
	 */
	static IamTransport transport(RestClient.Builder restClients, IamIdentities identities, AdaptiveLimit limit,
			IamProperties properties, JsonMapper json, Clock clock, MeterRegistry meters) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
		RestClient.Builder base = restClients.clone().baseUrl(properties.url().toString());
		// The JDK client's request timeout bounds the whole exchange until IAM's answer,
		// connecting included.
		Function<Duration, RestClient> clients = timeout -> {
			JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
			requests.setReadTimeout(timeout);
			return base.clone().requestFactory(requests).build();
		};
		return new IamTransport(clients, identities, limit, json, properties, clock, meters);
	}

}

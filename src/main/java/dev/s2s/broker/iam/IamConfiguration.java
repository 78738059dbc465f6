package dev.s2s.broker.iam;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
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

	/**
	 * The most exchanges with IAM's token endpoint at once: one per account at a time,
	 * and no more accounts at once than submissions in flight.
	 */
	private static final int TOKEN_CONNECTIONS = 256;

	@Bean
	IamIdentities iamIdentities(RestClient.Builder restClients, IamProperties properties, JsonMapper json, Clock clock,
			MeterRegistry meters) {
		return identities(restClients, properties, json, clock, meters);
	}

	@Bean
	RecentFailures iamRecentFailures() {
		return new RecentFailures();
	}

	@Bean
	IamExchanges iamExchanges() {
		return new IamExchanges();
	}

	@Bean
	IamTransport iamTransport(RestClient.Builder restClients, IamIdentities identities, AdaptiveLimit limit,
			RecentFailures failures, IamExchanges exchanges, IamProperties properties, JsonMapper json, Clock clock,
			MeterRegistry meters) {
		return transport(restClients, identities, limit, failures, exchanges, properties, json, clock, meters);
	}

	@Bean
	RetrySchedule iamRetrySchedule(IamProperties properties, RecentFailures failures, Clock clock,
			MeterRegistry meters) {
		return new RetrySchedule(properties.retry(), properties.confirmTimeout(), failures, new ThreadWaitSleeper(),
				clock, meters);
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
			BaseIdentity.BaseExchange last = identities.lastBaseExchange();
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
						limit(8, clock, meters), new RecentFailures(), properties, json, clock, meters),
				properties.rolesTtl(), properties.rolesReadTimeout(), clock);
	}

	/**
	 * The identities as production wires them, on a clock of the test's choosing; tests
	 * build them against the IAM stand-in.
	 */
	static IamIdentities identities(RestClient.Builder restClients, IamProperties properties, JsonMapper json,
			Clock clock, MeterRegistry meters) {
		HttpComponentsClientHttpRequestFactory requests = new HttpComponentsClientHttpRequestFactory(
				httpClient(properties, TOKEN_CONNECTIONS));
		requests.setReadTimeout(properties.readTimeout());
		RestClient tokens = restClients.clone().baseUrl(properties.url().toString()).requestFactory(requests).build();
		return new IamIdentities(properties, new IamTokenEndpoint(tokens, json, clock, meters), clock, meters);
	}

	/**
	 * A blocking HTTP client for IAM with pooled connections (up to {@code connections}
	 * at once, all to IAM's one host), which never retries, redirects or decompresses on
	 * its own: the broker's retry schedule decides every repeat, and IAM's answers are
	 * small JSON. The JDK's client spent a third of the broker's CPU under load in its
	 * asynchronous machinery (issue 21). A pooled connection idle for a second is checked
	 * before reuse, so one IAM closed meanwhile is not mistaken for IAM's failure.
	 */
	static CloseableHttpClient httpClient(IamProperties properties, int connections) {
		PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(connections)
			.setMaxConnPerRoute(connections)
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(properties.connectTimeout()))
				.setValidateAfterInactivity(TimeValue.ofSeconds(1))
				.build())
			.build();
		return HttpClients.custom()
			.setConnectionManager(pool)
			.setDefaultRequestConfig(
					RequestConfig.custom().setConnectionRequestTimeout(Timeout.of(properties.connectTimeout())).build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableContentCompression()
			.disableCookieManagement()
			.build();
	}

	/**
	 * The number of submissions an instance may have in flight, as production wires it
	 * ({@link AdaptiveLimit#of}); tests build it for the IAM stand-in.
	 */
	static AdaptiveLimit limit(int ceiling, Clock clock, MeterRegistry meters) {
		return AdaptiveLimit.of(ceiling, clock, meters);
	}

	/**
	 * The transport as production wires it; tests build it against the IAM stand-in.
	 */
	static IamTransport transport(RestClient.Builder restClients, IamIdentities identities, AdaptiveLimit limit,
			RecentFailures failures, IamProperties properties, JsonMapper json, Clock clock, MeterRegistry meters) {
		return transport(restClients, identities, limit, failures, new IamExchanges(), properties, json, clock, meters);
	}

	private static IamTransport transport(RestClient.Builder restClients, IamIdentities identities, AdaptiveLimit limit,
			RecentFailures failures, IamExchanges exchanges, IamProperties properties, JsonMapper json, Clock clock,
			MeterRegistry meters) {
		CloseableHttpClient client = httpClient(properties, limit.ceiling() + properties.maxCallerReads() + 8);
		RestClient.Builder base = restClients.clone().baseUrl(properties.url().toString());
		// One pool of connections; a client per timeout, which bounds the wait for IAM's
		// answer once the request is sent (the connect timeout bounds connecting).
		Function<Duration, RestClient> clients = timeout -> {
			HttpComponentsClientHttpRequestFactory requests = exchanges.requests(client);
			requests.setReadTimeout(timeout);
			return base.clone().requestFactory(requests).build();
		};
		return new IamTransport(clients, identities, limit, failures, exchanges, json, properties, clock, meters);
	}

}

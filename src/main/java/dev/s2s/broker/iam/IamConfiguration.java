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
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.backoff.ThreadWaitSleeper;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class IamConfiguration {

	@Bean
	IamIdentities iamIdentities(RestClient.Builder restClients, IamProperties properties, JsonMapper json,
			MeterRegistry meters) {
		return identities(restClients, properties, json, Clock.systemUTC(), meters);
	}

	@Bean
	IamTransport iamTransport(RestClient.Builder restClients, IamIdentities identities, IamProperties properties,
			JsonMapper json, MeterRegistry meters) {
		return transport(restClients, identities, properties, json, Clock.systemUTC(), meters);
	}

	@Bean
	IamPolicies iamPolicies(IamTransport transport, IamProperties properties, JsonMapper json, MeterRegistry meters) {
		return new IamPolicies(transport, json, properties.retry(), properties.confirmTimeout(),
				properties.extendExistingPolicies(), new ThreadWaitSleeper(), Clock.systemUTC(), meters);
	}

	@Bean
	IamRoles iamRoles(IamTransport transport, IamProperties properties) {
		return new IamRoles(transport, properties.rolesTtl(), properties.rolesReadTimeout(), Clock.systemUTC());
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
	 * The adapter as production wires it; tests build it the same way against the IAM
	 * stand-in.
	 */
	static IamPolicies create(RestClient.Builder restClients, IamProperties properties, JsonMapper json,
			Sleeper sleeper, MeterRegistry meters) {
		return new IamPolicies(
				transport(restClients, identities(restClients, properties, json, Clock.systemUTC(), meters), properties,
						json, Clock.systemUTC(), meters),
				json, properties.retry(), properties.confirmTimeout(), properties.extendExistingPolicies(), sleeper,
				Clock.systemUTC(), meters);
	}

	/**
	 * The roles as production wires them, on a clock of the test's choosing; tests build
	 * them against the IAM stand-in.
	 */
	static IamRoles roles(RestClient.Builder restClients, IamProperties properties, JsonMapper json, Clock clock,
			MeterRegistry meters) {
		return new IamRoles(transport(restClients, identities(restClients, properties, json, clock, meters), properties,
				json, clock, meters), properties.rolesTtl(), properties.rolesReadTimeout(), clock);
	}

	/**
	 * The identities as production wires them, on a clock of the test's choosing; tests
	 * build them against the IAM stand-in.
	 */
	static IamIdentities identities(RestClient.Builder restClients, IamProperties properties, JsonMapper json,
			Clock clock, MeterRegistry meters) {
		HttpComponentsClientHttpRequestFactory requests = new HttpComponentsClientHttpRequestFactory(
				httpClient(properties, 4));
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

	private static IamTransport transport(RestClient.Builder restClients, IamIdentities identities,
			IamProperties properties, JsonMapper json, Clock clock, MeterRegistry meters) {
		CloseableHttpClient client = httpClient(properties,
				properties.maxConcurrency() + properties.maxCallerReads() + 8);
		RestClient.Builder base = restClients.clone().baseUrl(properties.url().toString());
		// One pool of connections; a client per timeout, which bounds the wait for IAM's
		// answer once the request is sent (the connect timeout bounds connecting).
		Function<Duration, RestClient> clients = timeout -> {
			HttpComponentsClientHttpRequestFactory requests = new HttpComponentsClientHttpRequestFactory(client);
			requests.setReadTimeout(timeout);
			return base.clone().requestFactory(requests).build();
		};
		return new IamTransport(clients, identities, json, properties, clock, meters);
	}

}

package dev.s2s.broker.idempotency.web;

import dev.s2s.broker.access.Access;
import dev.s2s.broker.idempotency.IdempotencyKeys;
import dev.s2s.broker.idempotency.IdempotencyProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The Idempotency-Key filter on the API. */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

	/**
	 * The keys and the access rules reach the database, which the filter does not need
	 * before the first request: resolved lazily, the connection pool is not started while
	 * Tomcat registers filters, so its threads do not inherit Tomcat's class loader (see
	 * {@code web.ApplicationClassLoader}).
	 */
	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(@Lazy IdempotencyKeys keys,
			IdempotencyProperties properties, JsonMapper json, @Lazy Access access) {
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
				new IdempotencyFilter(keys, properties, json, access));
		registration.addUrlPatterns("/v1/*");
		return registration;
	}

}

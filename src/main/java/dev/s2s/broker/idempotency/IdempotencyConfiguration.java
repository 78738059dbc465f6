package dev.s2s.broker.idempotency;

import dev.s2s.broker.access.Access;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Idempotency-Key filter on the API. */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyKeys keys, IdempotencyProperties properties,
			JsonMapper json, Access access) {
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
				new IdempotencyFilter(keys, properties, json, access));
		registration.addUrlPatterns("/v1/*");
		return registration;
	}

}

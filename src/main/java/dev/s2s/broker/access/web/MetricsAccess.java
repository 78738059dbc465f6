package dev.s2s.broker.access.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.s2s.broker.access.Access;
import dev.s2s.broker.access.AccessDenied;
import dev.s2s.broker.access.Operation;
import dev.s2s.broker.web.Problems;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Metrics name recipes, accounts' grant counts and IAM's behaviour: a valid token is not
 * enough to read them (with IBM Cloud IAM as issuer, any IBM Cloud identity has one). The
 * caller needs a rule allowing {@link Operation#METRICS}; a refusal is audited like any
 * other.
 */
@Configuration(proxyBeanMethods = false)
class MetricsAccess {

	static final String PATH = "/actuator/prometheus";

	/**
	 * The access rules reach the database (the audit trail), which the filter does not
	 * need before the first request: resolved lazily, the connection pool is not started
	 * while Tomcat registers filters, so its threads do not inherit Tomcat's class loader
	 * (see {@code web.ApplicationClassLoader}).
	 */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> metricsNeedARule(@Lazy Access access, JsonMapper json) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						try {
							access.require(Operation.METRICS);
						}
						catch (AccessDenied denied) {
							Problems.write(response, json, denied);
							return;
						}
						chain.doFilter(request, response);
					}
				});
		registration.addUrlPatterns(PATH);
		// After Spring Security, which has authenticated the caller by then.
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
		return registration;
	}

}

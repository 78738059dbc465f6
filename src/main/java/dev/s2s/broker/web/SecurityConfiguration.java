package dev.s2s.broker.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call the broker: every {@code /v1/**} endpoint needs a bearer JWT from the
 * configured issuer ({@code spring.security.oauth2.resourceserver.jwt.*}; by default IBM
 * Cloud IAM, so platform services call with the service-ID tokens they already have).
 * Health, info and the API documentation are public; Prometheus metrics need a token;
 * everything else is denied. Failures are RFC 9457 problems.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/v3/api-docs",
					"/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**", "/error")
			.permitAll()
			.requestMatchers("/v1/**", "/actuator/prometheus")
			.authenticated()
			.anyRequest()
			.denyAll())
			.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(unauthenticated(json))
				.accessDeniedHandler(forbidden(json)))
			.exceptionHandling(handling -> handling.authenticationEntryPoint(unauthenticated(json))
				.accessDeniedHandler(forbidden(json)))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.formLogin(form -> form.disable())
			.httpBasic(basic -> basic.disable());
		return http.build();
	}

	private static AuthenticationEntryPoint unauthenticated(JsonMapper json) {
		return (request, response, failure) -> {
			response.setHeader("WWW-Authenticate", "Bearer");
			write(response, json, HttpStatus.UNAUTHORIZED, "Unauthenticated",
					"A valid bearer token (JWT) from the configured issuer is required", "unauthenticated");
		};
	}

	private static AccessDeniedHandler forbidden(JsonMapper json) {
		return (request, response, denied) -> write(response, json, HttpStatus.FORBIDDEN, "Forbidden",
				"The caller may not do this", "forbidden");
	}

	/**
	 * Requests Spring Security's firewall refuses (an encoded slash or a ".." in the
	 * path, say) are answered as a problem, like every other bad request.
	 */
	@Bean
	RequestRejectedHandler requestRejected(JsonMapper json) {
		return (request, response, rejected) -> write(response, json, HttpStatus.BAD_REQUEST, "Invalid request",
				"The request path is not acceptable", "invalid-request", "path");
	}

	private static void write(HttpServletResponse response, JsonMapper json, HttpStatus status, String title,
			String detail, String type) throws IOException {
		write(response, json, status, title, detail, type, "Authorization");
	}

	private static void write(HttpServletResponse response, JsonMapper json, HttpStatus status, String title,
			String detail, String type, String field) throws IOException {
		Problems.write(response, json,
				Problems.of(status, title, detail, type, List.of(new FieldProblem(field, detail))));
	}

}

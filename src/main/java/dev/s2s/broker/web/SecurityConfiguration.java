package dev.s2s.broker.web;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.s2s.broker.refusal.FieldAtFault;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call the broker: every {@code /v1/**} endpoint needs a bearer JWT from the
 * configured issuer ({@code spring.security.oauth2.resourceserver.jwt.*}; by default IBM
 * Cloud IAM, so platform services call with the service-ID tokens they already have).
 * Health, info and the API documentation are public; Prometheus metrics need a token (and
 * a rule allowing {@code METRICS}); everything else is denied. Failures are RFC 9457
 * problems.
 * <p>
 * A refused request is answered before its body is read, and its connection is closed
 * rather than drained: an unauthenticated client cannot make the broker hold a thread or
 * memory for a body it sends slowly or endlessly (issue 13).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
		http.authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/v3/api-docs",
					"/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**", "/error")
			.permitAll()
			.requestMatchers("/v1/**", "/actuator/prometheus")
			.authenticated()
			.anyRequest()
			.denyAll())
			.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(unauthenticated(json))
				.accessDeniedHandler(forbidden(json))
				.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
					@Override
					public <F extends BearerTokenAuthenticationFilter> F postProcess(F filter) {
						filter.setAuthenticationFailureHandler(tokenRefused(json));
						return filter;
					}
				}))
			.exceptionHandling(handling -> handling.authenticationEntryPoint(unauthenticated(json))
				.accessDeniedHandler(forbidden(json)))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.formLogin(form -> form.disable())
			.httpBasic(basic -> basic.disable());
		return http.build();
	}

	/**
	 * Callers' tokens, checked against the issuer's signing keys ({@link IssuerKeys}:
	 * fetched again for an unknown key id at most once per 30 s), RS256 as IBM Cloud IAM
	 * signs them, for the issuer, in their lifetime, and by {@link CallerTokens}.
	 */
	@Bean
	JwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri}") URI jwkSetUri,
			@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer, Clock clock) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(new IssuerKeys(jwkSetUri, clock))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
				new CallerTokens(clock)));
		return decoder;
	}

	private static AuthenticationEntryPoint unauthenticated(JsonMapper json) {
		return (request, response, failure) -> {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			refuseUnread(request, response);
			write(response, json, HttpStatus.UNAUTHORIZED, "Unauthenticated",
					"A valid bearer token (JWT) from the configured issuer is required", "unauthenticated");
		};
	}

	/**
	 * A token that cannot be checked because the issuer's keys cannot be fetched is not
	 * the caller's fault: 503, to be repeated later. Every other failure is a 401.
	 */
	private static AuthenticationFailureHandler tokenRefused(JsonMapper json) {
		AuthenticationEntryPoint unauthenticated = unauthenticated(json);
		return (request, response, failure) -> {
			if (!(failure instanceof AuthenticationServiceException)) {
				unauthenticated.commence(request, response, failure);
				return;
			}
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			refuseUnread(request, response);
			write(response, json, HttpStatus.SERVICE_UNAVAILABLE, "Token verification unavailable",
					"The broker cannot verify bearer tokens now (the issuer's signing keys are unreachable); "
							+ "repeat the request later",
					"token-verification-unavailable");
		};
	}

	private static AccessDeniedHandler forbidden(JsonMapper json) {
		return (request, response, denied) -> {
			refuseUnread(request, response);
			write(response, json, HttpStatus.FORBIDDEN, "Forbidden", "The caller may not do this", "forbidden");
		};
	}

	/**
	 * A refused request's body is never read; the connection closes after the answer, so
	 * the server does not drain (and wait for) a body nobody will use.
	 */
	static void refuseUnread(HttpServletRequest request, HttpServletResponse response) {
		if (request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
		}
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
				Problems.of(status, title, detail, type, List.of(new FieldAtFault(field, detail))));
	}

}

package dev.s2s.broker.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * Health's components and details (the database, IAM's token endpoint) are shown only to
 * a caller some access rule matches; anyone else, probes included, gets UP or DOWN (issue
 * 19). With IBM Cloud IAM as issuer, any IBM Cloud identity has a valid token, so a token
 * alone is not enough. Such a caller's authentication carries the role {@value #ROLE},
 * which {@code management.endpoint.health.roles} names.
 */
@Configuration(proxyBeanMethods = false)
class HealthAccess {

	static final String ROLE = "BROKER_CALLER";

	@Bean
	JwtAuthenticationConverter callersOfARule(AccessProperties rules) {
		JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(jwt -> {
			Collection<GrantedAuthority> authorities = new ArrayList<>(scopes.convert(jwt));
			Caller caller = Access.callerOf(jwt);
			if (rules.callers().stream().anyMatch(rule -> rule.matches(caller))) {
				authorities.add(new SimpleGrantedAuthority("ROLE_" + ROLE));
			}
			return List.copyOf(authorities);
		});
		return converter;
	}

}

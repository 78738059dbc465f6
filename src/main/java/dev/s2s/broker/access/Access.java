package dev.s2s.broker.access;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Decides whether the current caller may do an operation on a recipe and accounts (deny by
 * default, see {@link AccessProperties}), and keeps the audit trail: every grant, revoke and
 * denied request is recorded with the caller's identity.
 */
@Component
public class Access {

	private final AccessProperties properties;

	private final AuditEvents audit;

	Access(AccessProperties properties, AuditEvents audit) {
		this.properties = properties;
		this.audit = audit;
	}

	/** The caller of the current request, from its bearer token. */
	public Caller caller() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token) {
			Jwt jwt = token.getToken();
			String iamId = jwt.getClaimAsString("iam_id");
			List<String> groups = jwt.hasClaim("groups") ? jwt.getClaimAsStringList("groups") : List.of();
			String scope = jwt.getClaimAsString("scope");
			return new Caller(iamId != null ? iamId : jwt.getSubject(), jwt.getSubject(), groups,
					scope == null ? List.of() : Arrays.asList(scope.split(" ")));
		}
		String name = authentication == null ? "anonymous" : authentication.getName();
		return new Caller(name, name, List.of(), List.of());
	}

	/** @throws AccessDenied unless the caller may do {@code operation} at all */
	public void require(Operation operation) {
		require(operation, null, Set.of());
	}

	/**
	 * @throws AccessDenied (after recording the refusal) unless the caller may do {@code operation}
	 * with {@code recipe} on every one of {@code accounts}
	 */
	public void require(Operation operation, String recipe, Set<String> accounts) {
		Caller caller = caller();
		boolean allowed = properties.callers()
			.stream()
			.anyMatch(rule -> rule.matches(caller) && rule.allows(operation, recipe, accounts));
		if (!allowed) {
			String detail = "Caller " + caller.id() + " may not " + operation.name().toLowerCase()
					+ (recipe == null ? "" : " with recipe " + recipe)
					+ (accounts.isEmpty() ? "" : " on accounts " + accounts);
			audit.record(caller, operation, "DENIED", null, recipe, accounts, detail);
			throw new AccessDenied(detail);
		}
	}

	/** Records that the caller did {@code operation} on a grant. */
	public void recordAllowed(Operation operation, UUID grantId, String recipe, Set<String> accounts) {
		audit.record(caller(), operation, "ALLOWED", grantId, recipe, accounts, null);
	}

	public List<AuditEvent> events(AuditQuery query) {
		return audit.page(query);
	}

}

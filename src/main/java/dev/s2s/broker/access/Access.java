package dev.s2s.broker.access;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.InvalidIntent;
import dev.s2s.broker.recipe.RecipeCatalog;
import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Decides whether the current caller may do an operation on a recipe and accounts (deny
 * by default, see {@link AccessProperties}), and records each decision in the audit
 * trail. Services call it before they change or reveal anything: a refusal is recorded on
 * its own (it commits even though the request fails), an allowed change is recorded in
 * the transaction of the change.
 */
@Component
public class Access {

	private static final Logger log = LoggerFactory.getLogger(Access.class);

	private final AccessProperties properties;

	private final AuditEvents audit;

	Access(AccessProperties properties, AuditEvents audit) {
		this.properties = properties;
		this.audit = audit;
	}

	/** With no rules every call is refused: said once at start-up, not only in 403s. */
	@EventListener(ApplicationReadyEvent.class)
	void warnWhenNobodyMayCall() {
		if (properties.callers().isEmpty()) {
			log.warn("No access rules are configured (broker.access.callers): every call to /v1 will be refused "
					+ "with 403. See README, \"Who may do what\".");
		}
	}

	/** The caller of the current request, from its bearer token. */
	public Caller caller() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token) {
			return callerOf(token.getToken());
		}
		String name = authentication == null ? "anonymous" : authentication.getName();
		return new Caller(name, List.of(), List.of());
	}

	/** The caller a bearer token stands for. */
	static Caller callerOf(Jwt jwt) {
		// Every token carries an iam_id: web's token rules refuse those that do not.
		String iamId = jwt.getClaimAsString("iam_id");
		List<String> groups = jwt.hasClaim("groups") ? jwt.getClaimAsStringList("groups") : List.of();
		String scope = jwt.getClaimAsString("scope");
		return new Caller(iamId, groups, scope == null ? List.of() : Arrays.asList(scope.split(" ")));
	}

	/**
	 * The accounts the caller may do {@code operation} on, over every rule that matches
	 * it: what lists and searches show it.
	 */
	public AccountScope scope(Operation operation) {
		Caller caller = caller();
		Set<String> accounts = new HashSet<>();
		for (AccessProperties.Rule rule : properties.callers()) {
			if (rule.matches(caller) && rule.operations().contains(operation)) {
				if (rule.accounts().contains("*")) {
					return AccountScope.ALL;
				}
				accounts.addAll(rule.accounts());
			}
		}
		return accounts.isEmpty() ? AccountScope.NONE : new AccountScope(false, accounts);
	}

	/**
	 * Refuses a caller no rule lets do {@code operation} at all before its request is
	 * read (issue 19: a refusal of the request, which lists the recipes and their
	 * formats, must not reach it). The refusal is recorded with the recipe and accounts
	 * the request names when {@code named} can read them, and without when it cannot.
	 * @param named the recipe and accounts the request names, if it can be read; never
	 * shown to the caller
	 * @throws AccessDenied (after recording the refusal)
	 */
	public void requireBeforeReading(Operation operation, Supplier<Optional<Named>> named) {
		Caller caller = caller();
		if (properties.callers()
			.stream()
			.anyMatch(rule -> rule.matches(caller) && rule.operations().contains(operation))) {
			return;
		}
		Optional<Named> read = named.get();
		throw deny(caller, operation, null, read.map(Named::recipe).orElse(null),
				read.map(Named::accounts).orElse(Set.of()));
	}

	/** The recipe and accounts a request names. */
	public record Named(String recipe, Set<String> accounts) {

		/** What an intent names, if it fits the catalog. */
		public static Optional<Named> of(RecipeCatalog recipes, @Nullable String recipe,
				@Nullable Map<String, ?> parameters) {
			try {
				Intent intent = recipes.intent(recipe, parameters);
				return Optional.of(new Named(intent.recipe(), recipes.accounts(intent)));
			}
			catch (InvalidIntent unreadable) {
				return Optional.empty();
			}
		}

	}

	/**
	 * @throws AccessDenied (after recording the refusal) unless some rule lets the caller
	 * do {@code operation} at all
	 */
	public void require(Operation operation) {
		Caller caller = caller();
		if (properties.callers()
			.stream()
			.noneMatch(rule -> rule.matches(caller) && rule.operations().contains(operation))) {
			throw deny(caller, operation, null, null, Set.of());
		}
	}

	/**
	 * @throws AccessDenied (after recording the refusal) unless the caller may do
	 * {@code operation} with {@code recipe} on every one of {@code accounts}
	 */
	public void require(Operation operation, String recipe, Set<String> accounts) {
		Caller caller = caller();
		if (!allows(caller, operation, recipe, accounts)) {
			throw deny(caller, operation, null, recipe, accounts);
		}
	}

	/**
	 * Checks the caller may do {@code operation} on something that exists (a grant, a
	 * batch) naming {@code accounts}; a null {@code recipe} checks accounts only, as
	 * reads do. A caller that may not even read those accounts learns nothing of it: it
	 * gets {@code hidden} (the thing's "not found"), exactly as for one that does not
	 * exist. Either refusal is recorded.
	 * @throws AccessDenied when the caller may read the accounts but not do
	 * {@code operation}
	 */
	public void requireOn(Operation operation, @Nullable UUID grantId, @Nullable String recipe, Set<String> accounts,
			Supplier<? extends RuntimeException> hidden) {
		Caller caller = caller();
		if (allows(caller, operation, recipe, accounts)) {
			return;
		}
		AccessDenied denied = deny(caller, operation, grantId, recipe, accounts);
		throw scope(Operation.READ).covers(accounts) ? denied : hidden.get();
	}

	/**
	 * Records that the caller did {@code operation} on a grant, in the transaction of the
	 * change.
	 */
	public void recordAllowed(Operation operation, UUID grantId, String recipe, Set<String> accounts) {
		audit.record(caller(), operation, AuditOutcome.ALLOWED, grantId, recipe, accounts, null);
	}

	private boolean allows(Caller caller, Operation operation, @Nullable String recipe, Set<String> accounts) {
		return properties.callers()
			.stream()
			.anyMatch(rule -> rule.matches(caller) && rule.allows(operation, recipe, accounts));
	}

	private AccessDenied deny(Caller caller, Operation operation, @Nullable UUID grantId, @Nullable String recipe,
			Set<String> accounts) {
		String detail = "Caller " + caller.id() + " may not " + operation.name().toLowerCase()
				+ (recipe == null ? "" : " with recipe " + recipe)
				+ (accounts.isEmpty() ? "" : " on accounts " + accounts);
		audit.record(caller, operation, AuditOutcome.DENIED, grantId, recipe, accounts, detail);
		return new AccessDenied(detail);
	}

}

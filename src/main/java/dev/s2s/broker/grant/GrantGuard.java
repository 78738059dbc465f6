package dev.s2s.broker.grant;

import java.util.UUID;
import java.util.function.Function;

import dev.s2s.broker.access.Access;
import dev.s2s.broker.access.Operation;

import org.springframework.stereotype.Component;

/**
 * Finds an existing grant for an operation of the current caller, authorizing before it
 * reveals anything: a grant the caller may not read is "not found", as if it did not
 * exist.
 */
@Component
class GrantGuard {

	private final Grants grants;

	private final Access access;

	GrantGuard(Grants grants, Access access) {
		this.grants = grants;
		this.access = access;
	}

	/**
	 * @throws GrantNotFound when there is no such grant, or the caller may not read it
	 */
	Grant readable(UUID id) {
		return authorized(id, grant -> Operation.READ);
	}

	/**
	 * @throws dev.s2s.broker.access.AccessDenied when the caller may read the grant but
	 * not do the operation
	 */
	Grant authorized(Operation operation, UUID id) {
		return authorized(id, grant -> operation);
	}

	/**
	 * As {@link #authorized(Operation, UUID)}, for an operation that depends on the grant
	 * (its status, say).
	 */
	Grant authorized(UUID id, Function<Grant, Operation> operation) {
		Grant grant = grants.find(id).orElseThrow(() -> new GrantNotFound(id));
		Operation asked = operation.apply(grant);
		// Reads are scoped by account alone; every other operation also by recipe.
		access.requireOn(asked, id, asked == Operation.READ ? null : grant.recipe(), grant.accountSet(),
				() -> new GrantNotFound(id));
		return grant;
	}

}

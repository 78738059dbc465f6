package dev.s2s.broker.access;

import java.util.Collection;
import java.util.Set;

/**
 * The IBM Cloud accounts a caller may see or act on with one operation: every account, or
 * a set. Something that names no account at all (a refusal before any account was named,
 * say) is in the scope of {@code *} callers only.
 *
 * @param all whether every account is in scope ({@code accounts: ["*"]})
 * @param accounts the accounts in scope, when not all
 */
public record AccountScope(boolean all, Set<String> accounts) {

	public static final AccountScope NONE = new AccountScope(false, Set.of());

	public static final AccountScope ALL = new AccountScope(true, Set.of());

	public AccountScope {
		accounts = Set.copyOf(accounts);
	}

	/** Whether every one of {@code named} is in scope. */
	public boolean covers(Collection<String> named) {
		return all || (!named.isEmpty() && accounts.containsAll(named));
	}

}

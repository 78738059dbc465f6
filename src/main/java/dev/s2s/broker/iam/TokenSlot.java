package dev.s2s.broker.iam;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import dev.s2s.broker.iam.IamTokenEndpoint.IssuedToken;
import org.jspecify.annotations.Nullable;

/**
 * One account's token, or IAM's refusal to let the broker act there, fetched by one
 * thread at a time. A token is replaced once no longer fresh (80% of its lifetime); a
 * refusal that names the account unreachable is remembered for {@code refusalTtl}.
 */
final class TokenSlot {

	private final Duration refusalTtl;

	private @Nullable IssuedToken token;

	private @Nullable SubmissionRefused refusal;

	private @Nullable Instant refusedUntil;

	TokenSlot(Duration refusalTtl) {
		this.refusalTtl = refusalTtl;
	}

	/**
	 * The cached token while fresh, else the one {@code exchange} fetches.
	 * @param honourRefusal whether a refusal remembered is repeated without asking IAM
	 */
	synchronized IssuedToken token(Supplier<IssuedToken> exchange, boolean honourRefusal, Instant now) {
		if (token != null && token.fresh(now)) {
			return token;
		}
		if (honourRefusal && refusal != null && refusedUntil != null && now.isBefore(refusedUntil)) {
			throw refusal;
		}
		try {
			token = exchange.get();
			refusal = null;
			return token;
		}
		catch (SubmissionRefused ex) {
			token = null;
			if (ex.unreachableAccount() != null) {
				refusal = ex;
				refusedUntil = now.plus(refusalTtl);
			}
			throw ex;
		}
	}

	/** Forgets the token of this value, unless a new one replaced it already. */
	synchronized void drop(String value) {
		if (token != null && token.value().equals(value)) {
			token = null;
		}
	}

	/** Whether it holds a token that has not expired. */
	synchronized boolean holds(Instant now) {
		return token != null && now.isBefore(token.expiresAt());
	}

}

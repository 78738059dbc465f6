package dev.s2s.broker.iam;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.PolicyIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffInterruptedException;

/**
 * Reads of the policies IAM holds, compared by {@link PolicyIdentity}: a recorded policy
 * against the document the broker submitted (drift, retried as the
 * {@link RetrySchedule}'s reads template says), and, for a caller that waits (plans,
 * inventories), the policy IAM holds for a document's place and an account's
 * authorizations, each page one read that is never retried: IAM's trouble is reported,
 * not waited out (issue 13). It changes nothing in IAM.
 */
public class PolicyReads {

	private static final Logger log = LoggerFactory.getLogger(PolicyReads.class);

	private final PolicyExchanges exchanges;

	private final RetrySchedule schedule;

	PolicyReads(PolicyExchanges exchanges, RetrySchedule schedule) {
		this.exchanges = exchanges;
		this.schedule = schedule;
	}

	/**
	 * Reads a recorded policy back ({@code GET /v1/policies/{id}}) and compares it with
	 * the document the broker submitted: the same place with every role of the document
	 * {@link PolicyReading.Matches matches}, roles beyond them (an extended policy,
	 * another grant's) being no drift; a role removed is
	 * {@link PolicyReading.RolesMissing}; another place {@link PolicyReading.Changed}.
	 * Transient failures are read again, up to {@code broker.iam.retry.max-attempts};
	 * then, or when IAM refuses, {@link PolicyReading.Unreadable}.
	 * @throws SubmissionInterrupted when the thread is interrupted while pausing
	 */
	public PolicyReading read(String policyId, PolicyDocument expected, String transactionId,
			AttemptListener listener) {
		try {
			return schedule.reads()
				.execute(context -> compare(policyId, expected, transactionId, listener),
						context -> unreadable(policyId, context));
		}
		catch (BackOffInterruptedException ex) {
			throw new SubmissionInterrupted(ex);
		}
	}

	private PolicyReading compare(String policyId, PolicyDocument expected, String transactionId,
			AttemptListener listener) {
		Answer answer = exchanges.get(policyId, expected.resourceAttribute("accountId"), transactionId, listener);
		if (answer.gone()) {
			return new PolicyReading.Missing(policyId);
		}
		if (answer.status() != 200) {
			throw exchanges.failure(answer);
		}
		PolicyDocument held = PolicyJson.document(answer.body());
		PolicyIdentity heldIdentity = PolicyIdentity.of(held);
		PolicyIdentity wanted = PolicyIdentity.of(expected);
		if (!heldIdentity.place().equals(wanted.place())) {
			return new PolicyReading.Changed(policyId,
					"IAM holds " + heldIdentity + ", the broker submitted " + wanted);
		}
		List<String> missing = PolicyIdentity.missingRoles(expected, held);
		return missing.isEmpty() ? new PolicyReading.Matches(policyId)
				: new PolicyReading.RolesMissing(policyId, missing);
	}

	private static PolicyReading unreadable(String policyId, RetryContext context) {
		Throwable last = context.getLastThrowable();
		if (last instanceof TransientIamFailure failure) {
			return new PolicyReading.Unreadable(policyId, failure.error());
		}
		if (last instanceof SubmissionRefused refused) {
			return new PolicyReading.Unreadable(policyId, refused.error());
		}
		throw RetrySchedule.rethrown(last);
	}

	/**
	 * The active policy IAM holds for the document's place in its target account
	 * ({@code GET /v1/policies?account_id=…&type=…}), if any, and the roles of the
	 * document it lacks by name, from reads that each wait at most {@code timeout} for
	 * IAM's answer and are never retried: with IAM answering 500, retries made a
	 * 5-document plan take 61 s (issue 13).
	 * @throws IamUnavailable when a read fails: IAM answers an error or nothing in time,
	 * or issues no token
	 */
	public Optional<ExistingPolicy> findExisting(PolicyDocument document, String transactionId, Duration timeout,
			AttemptListener listener) {
		return exchanges.forCaller(() -> {
			try {
				return exchanges.findSamePlace(document, transactionId, listener, timeout)
					.map(held -> new ExistingPolicy(PolicyJson.id(held),
							PolicyIdentity.missingRoles(document, PolicyJson.document(held))));
			}
			catch (TransientIamFailure ex) {
				throw new IamUnavailable(ex.error(), timeout);
			}
			catch (SubmissionRefused ex) {
				throw unavailable(ex, timeout);
			}
		});
	}

	/**
	 * Every active authorization policy filed under an account, as IAM lists them
	 * ({@code GET /v1/policies?account_id=…&type=authorization}), all pages. Each page is
	 * one read that waits at most {@code timeout} and is never retried, because a caller
	 * waits (as for {@link #findExisting}).
	 * @throws IamUnavailable when a read fails: IAM answers an error or nothing in time,
	 * issues no token, or names as next a page it gave already
	 */
	public List<ListedPolicy> listAuthorizations(String accountId, String transactionId, Duration timeout,
			AttemptListener listener) {
		List<ListedPolicy> listed = new ArrayList<>();
		int pages = exchanges.forCaller(() -> {
			try {
				return exchanges.eachPage(accountId, PolicyDocument.AUTHORIZATION, transactionId, listener, timeout,
						policy -> {
							listed.add(ListedPolicy.of(policy));
							return true;
						});
			}
			catch (TransientIamFailure ex) {
				throw new IamUnavailable(ex.error(), timeout);
			}
			catch (SubmissionRefused ex) {
				throw unavailable(ex, timeout);
			}
		});
		log.info("Listing {} of account {}: {} authorization policies in {} pages", transactionId, accountId,
				listed.size(), pages);
		return listed;
	}

	/**
	 * A read refused: {@link NoIdentityInAccount} when the broker has no identity in the
	 * account (none configured, or IAM refused it), else {@link IamUnavailable}.
	 */
	private static IamUnavailable unavailable(SubmissionRefused refused, Duration timeout) {
		return refused.unreachableAccount() != null
				? new NoIdentityInAccount(refused.unreachableAccount(), refused.error())
				: new IamUnavailable(refused.error(), timeout);
	}

}

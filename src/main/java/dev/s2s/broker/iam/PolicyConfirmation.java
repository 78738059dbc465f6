package dev.s2s.broker.iam;

import java.time.Duration;
import java.util.List;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.PolicyIdentity;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffInterruptedException;

/**
 * The read-back of a policy a submission created, adopted or extended ({@code GET
 * /v1/policies/{id}}) until IAM serves it with every role of the document, which alone
 * lets the outcome stand: IAM is eventually consistent, and a policy can read as 404
 * right after its 201 (terraform-provider-ibm #4413) while the service it authorizes is
 * still refused. Reads are paced by the {@link RetrySchedule}'s confirmation template,
 * within {@code broker.iam.timeouts.confirm}. It writes nothing to IAM and leaves
 * outcomes that name no policy as they are.
 */
public class PolicyConfirmation {

	private static final Logger log = LoggerFactory.getLogger(PolicyConfirmation.class);

	static final String POLICY_NOT_SERVED = "policy_not_served";

	private final PolicyExchanges exchanges;

	private final RetrySchedule schedule;

	PolicyConfirmation(PolicyExchanges exchanges, RetrySchedule schedule) {
		this.exchanges = exchanges;
		this.schedule = schedule;
	}

	/**
	 * Lets {@code outcome} stand once IAM serves its policy by its id with every role of
	 * the document, as {@link PolicyIdentity} compares them (an extension is confirmed
	 * only once IAM serves its roles, issue 20). Reads answered 404, 429, 5xx, a policy
	 * with {@code state} {@code deleted} or without a role, and reads without an answer
	 * are read again after a pause that starts at 100 ms and doubles up to 2 s (a 429's
	 * {@code Retry-After} when longer), for at most the confirm timeout, reads and pauses
	 * counted; then the policy fails as {@value #POLICY_NOT_SERVED}. Any other answer
	 * fails it at once, naming the policy. Outcomes other than
	 * {@link SubmissionOutcome.Created}, {@link SubmissionOutcome.Existed} and
	 * {@link SubmissionOutcome.Extended} are returned as they are.
	 * @param document the document submitted: its target's account is read, and IAM must
	 * serve every one of its roles
	 * @return {@code outcome} once IAM serves its policy; else
	 * {@link SubmissionOutcome.Failed}, naming the policy when the broker created it
	 * @throws SubmissionInterrupted when the thread is interrupted while pausing
	 */
	public SubmissionOutcome confirm(SubmissionOutcome outcome, PolicyDocument document, String transactionId,
			AttemptListener listener) {
		String id;
		String created = null;
		if (outcome instanceof SubmissionOutcome.Created c) {
			id = c.policyId();
			created = id;
		}
		else if (outcome instanceof SubmissionOutcome.Existed e) {
			id = e.policyId();
		}
		else if (outcome instanceof SubmissionOutcome.Extended e) {
			id = e.policyId();
		}
		else {
			return outcome;
		}
		String createdId = created;
		try {
			return schedule.confirmation()
				.execute(context -> readOnce(outcome, id, createdId, document, transactionId, listener, context),
						context -> notServed(id, createdId, context));
		}
		catch (BackOffInterruptedException ex) {
			throw new SubmissionInterrupted(ex);
		}
	}

	/**
	 * One read: {@code outcome} when IAM serves the policy, a failure when it refuses,
	 * else {@link NotServed}.
	 */
	private SubmissionOutcome readOnce(SubmissionOutcome outcome, String id, @Nullable String created,
			PolicyDocument document, String transactionId, AttemptListener listener, RetryContext context) {
		int reads = context.getRetryCount() + 1;
		Answer answer;
		try {
			answer = exchanges.get(id, document.resourceAttribute("accountId"), transactionId, listener);
		}
		catch (TransientIamFailure ex) {
			throw new NotServed(ex.error().code(), ex.error(), null);
		}
		catch (SubmissionRefused ex) {
			return new SubmissionOutcome.Failed(ex.error(), created);
		}
		boolean gone = answer.gone();
		List<String> missing = answer.status() == 200 && !gone
				? PolicyIdentity.missingRoles(document, PolicyJson.document(answer.body())) : List.of();
		if (answer.status() == 200 && !gone && missing.isEmpty()) {
			if (reads == 1) {
				log.debug("Submission {}: IAM serves policy {}", transactionId, id);
			}
			else {
				log.info("Submission {}: IAM serves policy {} after {} reads", transactionId, id, reads);
			}
			return outcome;
		}
		if (!gone && answer.status() != 200 && answer.status() != 429 && answer.status() < 500) {
			return new SubmissionOutcome.Failed(new IamError(answer.status(), answer.error().code(),
					"IAM named policy " + id + " but refuses to read it back: " + answer.error().message(),
					answer.error().trace()), created);
		}
		String last = gone && answer.status() == 200 ? "200 with state deleted"
				: answer.status() == 200 ? "200 without roles " + missing
						: answer.status() + (answer.error() == null ? "" : " " + answer.error().code());
		IamError error = answer.error() != null ? answer.error()
				: new IamError(answer.status(), POLICY_NOT_SERVED, "IAM serves policy " + id + " " + last, null);
		Duration asked = answer.throttled() ? ((TransientIamFailure) exchanges.failure(answer)).retryAfter() : null;
		throw new NotServed(last, error, asked);
	}

	/** The confirm timeout spent without IAM serving the policy. */
	private SubmissionOutcome notServed(String id, @Nullable String created, RetryContext context) {
		if (!(context.getLastThrowable() instanceof NotServed notServed)) {
			throw RetrySchedule.rethrown(context.getLastThrowable());
		}
		Duration timeout = schedule.confirmTimeout();
		return new SubmissionOutcome.Failed(new IamError(null, POLICY_NOT_SERVED,
				"IAM " + (created != null ? "created" : "named as existing") + " policy " + id
						+ " but did not serve it by its id (GET /v1/policies/" + id + ") within " + timeout + " ("
						+ context.getRetryCount() + " reads; the last answered " + notServed.last
						+ "); retry the grant",
				null), created);
	}

	/** A read that found the policy not served (yet), worth another. */
	private static final class NotServed extends TransientIamFailure {

		/** What the read answered, in words for the failure's message. */
		private final String last;

		private NotServed(String last, IamError error, @Nullable Duration retryAfter) {
			super(error, retryAfter);
			this.last = last;
		}

	}

}

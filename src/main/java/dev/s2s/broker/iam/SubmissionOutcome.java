package dev.s2s.broker.iam;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How one attempt at the submission (or deletion, or restore) of one policy to IAM ended
 * ({@link PolicyWrites}): {@link Deferred} when it is worth another.
 */
public sealed interface SubmissionOutcome {

	/**
	 * IAM created the policy for this document: now (201), or in an earlier attempt whose
	 * answer was lost, when IAM's 409 names an equal policy carrying the document's own
	 * description.
	 */
	record Created(String policyId) implements SubmissionOutcome {
	}

	/**
	 * An identical policy someone else made was already there (409
	 * {@code policy_conflict_error}, the policy without the document's description); the
	 * broker adopts it.
	 */
	record Existed(String policyId) implements SubmissionOutcome {
	}

	/**
	 * IAM held a policy for the document's subject and resource without some of its roles
	 * (someone else's: the console's, another tool's); the broker gave it
	 * {@code addedRoles} ({@code PUT}) and adopts it, to give them back at revoke.
	 */
	record Extended(String policyId, List<String> addedRoles) implements SubmissionOutcome {

		public Extended {
			addedRoles = List.copyOf(addedRoles);
		}

	}

	/**
	 * A revoke gave back the roles an extension added to a policy the broker did not
	 * make; the policy stays in IAM as it was.
	 */
	record Restored(String policyId) implements SubmissionOutcome {
	}

	/** The policy is gone from IAM: deleted now (204) or already (404). */
	record Deleted(String policyId) implements SubmissionOutcome {
	}

	/**
	 * One attempt failed transiently (429, 5xx, no answer) and attempts are left: the
	 * next is due after {@code backOff}, as the {@link RetrySchedule} computed it
	 * (exponential with jitter, or a 429's {@code Retry-After} up to its cap). The caller
	 * waits it out without holding a slot at IAM (issue 11).
	 *
	 * @param error IAM's answer to this attempt, or the lack of one
	 */
	record Deferred(IamError error, Duration backOff) implements SubmissionOutcome {

		/**
		 * Whether this attempt counts toward the policy's {@code max-attempts}: not when
		 * IAM only asked to slow down ({@link IamError#throttled}).
		 */
		public boolean counted() {
			return !error.throttled();
		}

	}

	/**
	 * IAM refused the policy, or the retries ran out; {@code error} is the last answer.
	 *
	 * @param createdPolicyId the policy IAM created for the document even so, when the
	 * failure came after its creation (IAM never served it by its id within the confirm
	 * timeout): it is recorded, so a revoke deletes it and a retry finds it by its mark;
	 * null otherwise
	 */
	record Failed(IamError error, @Nullable String createdPolicyId) implements SubmissionOutcome {

		public Failed(IamError error) {
			this(error, null);
		}

	}

}

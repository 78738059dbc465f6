package dev.s2s.broker.iam;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.PolicyIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One attempt at changing a policy in IAM, as the queue makes them: creating a policy
 * document ({@code POST /v1/policies}, and on a 409 adopting or extending the policy IAM
 * holds for its place), deleting a policy, and giving back the roles an extension added.
 * A transient failure (429, 5xx, no answer) with attempts left is
 * {@link SubmissionOutcome.Deferred} by the pause the {@link RetrySchedule} computes, so
 * the caller gives IAM's slot to other work meanwhile (issue 11); the last attempt fails
 * with IAM's last error. It never sleeps nor tries again in its thread, never throws for
 * anything IAM answers, and does not confirm that IAM serves what it wrote
 * ({@link PolicyConfirmation} does).
 */
public class PolicyWrites {

	private static final Logger log = LoggerFactory.getLogger(PolicyWrites.class);

	private final PolicyExchanges exchanges;

	private final RoleUpdates roles;

	private final RetrySchedule schedule;

	PolicyWrites(PolicyExchanges exchanges, RetrySchedule schedule, boolean extendExisting) {
		this.exchanges = exchanges;
		this.roles = new RoleUpdates(exchanges, extendExisting);
		this.schedule = schedule;
	}

	/**
	 * One attempt at creating the policy document. IAM's 201 is
	 * {@link SubmissionOutcome.Created}. Its 409 {@code policy_conflict_error} means it
	 * holds a policy for the document's place, whatever its roles: the policy it names
	 * (read from the 409 when IAM sends it whole, else read by its id), or the one listed
	 * for the place when it names none. When that policy {@link PolicyIdentity#holds
	 * holds} the document, it is adopted; else the roles it lacks are added ({@code PUT}
	 * with {@code If-Match}, re-read on a 412), which is
	 * {@link SubmissionOutcome.Extended}, or, with
	 * {@code broker.iam.extend-existing-policies=false}, a failure naming them (issue
	 * 20).
	 *
	 * <p>
	 * A document's {@code description} is taken as its submitter's mark: a policy that
	 * carries exactly that description was created by an earlier attempt whose answer was
	 * lost (the submitter died between IAM's 201 and recording it, or the answer timed
	 * out), so the outcome is {@link SubmissionOutcome.Created}. A policy with any other
	 * description, or none, is someone else's: {@link SubmissionOutcome.Existed}.
	 * Documents without a description are never taken as created on a 409.
	 * @param transactionId sent as IAM's {@code Transaction-Id} header on every exchange
	 * @param failedBefore how many earlier attempts of this document failed transiently
	 */
	public SubmissionOutcome create(PolicyDocument document, String transactionId, int failedBefore,
			AttemptListener listener) {
		SubmissionOutcome outcome = once(() -> createOnce(document, transactionId, listener), failedBefore);
		if (outcome instanceof SubmissionOutcome.Deferred) {
			log.debug("Submission {}: attempt {} {}", transactionId, failedBefore + 1, outcome);
		}
		else {
			log.info("Submission {} ended: {}", transactionId, outcome);
		}
		return outcome;
	}

	/**
	 * One attempt at adopting, never writing, the policy IAM holds for the document's
	 * place, as an ADOPT grant makes them (issue 23): the policy listed for its subject
	 * and resource in its target account that {@link PolicyIdentity#holds holds} the
	 * document (at least its roles, whoever made it) is
	 * {@link SubmissionOutcome.Existed}; none is a failure {@code policy_missing}, one
	 * without some of its roles {@code policy_roles_missing}, each saying what to create
	 * elsewhere before retrying. Only reads are sent to IAM.
	 * @param failedBefore how many earlier attempts of this document failed transiently
	 */
	public SubmissionOutcome adopt(PolicyDocument document, String transactionId, int failedBefore,
			AttemptListener listener) {
		SubmissionOutcome outcome = once(() -> adoptOnce(document, transactionId, listener), failedBefore);
		log.info("Adoption {}: attempt {} {}", transactionId, failedBefore + 1, outcome);
		return outcome;
	}

	/**
	 * One attempt at deleting a policy ({@code DELETE /v1/policies/{id}}). IAM's 404
	 * means the policy is already gone, which is what a delete wants:
	 * {@link SubmissionOutcome.Deleted} either way.
	 * @param accountId the policy's target account, whose identity deletes it
	 * @param failedBefore how many earlier attempts of this deletion failed transiently
	 */
	public SubmissionOutcome delete(String policyId, String accountId, String transactionId, int failedBefore,
			AttemptListener listener) {
		SubmissionOutcome outcome = once(() -> {
			Answer answer = exchanges.delete(policyId, accountId, transactionId, listener);
			if (answer.status() == 204 || answer.status() == 200 || answer.status() == 404) {
				return new SubmissionOutcome.Deleted(policyId);
			}
			throw exchanges.failure(answer);
		}, failedBefore);
		if (outcome instanceof SubmissionOutcome.Deferred) {
			log.debug("Deletion {} of policy {}: attempt {} {}", transactionId, policyId, failedBefore + 1, outcome);
		}
		else {
			log.info("Deletion {} of policy {} ended: {}", transactionId, policyId, outcome);
		}
		return outcome;
	}

	/**
	 * One attempt at giving back what an extension added to a policy the broker did not
	 * make, as a revoke does: its roles less those named as in {@code giveBack}
	 * ({@code PUT} with {@code If-Match}, re-read on a 412), everything else as IAM holds
	 * it. A policy gone, or without those roles already, is restored as it is. A policy
	 * that would be left without a role keeps them: IAM holds no policy without one.
	 * @param document the document the policy was extended for: its target account is the
	 * policy's
	 * @return {@link SubmissionOutcome.Restored}, {@link SubmissionOutcome.Deferred} or
	 * {@link SubmissionOutcome.Failed}
	 */
	public SubmissionOutcome restore(String policyId, PolicyDocument document, List<String> giveBack,
			String transactionId, int failedBefore, AttemptListener listener) {
		SubmissionOutcome outcome = once(() -> roles.giveBack(policyId, document.resourceAttribute("accountId"),
				giveBack, transactionId, listener), failedBefore);
		log.info("Restore {} of policy {} (roles {}): {}", transactionId, policyId, giveBack, outcome);
		return outcome;
	}

	/**
	 * Runs {@code operation} once: a transient failure is deferred by the pause the
	 * schedule gives, unless the attempts are used up.
	 */
	private SubmissionOutcome once(Supplier<SubmissionOutcome> operation, int failedBefore) {
		try {
			return operation.get();
		}
		catch (SubmissionRefused ex) {
			return new SubmissionOutcome.Failed(ex.error());
		}
		catch (TransientIamFailure ex) {
			return schedule.deferral(ex, failedBefore)
				.<SubmissionOutcome>map(pause -> new SubmissionOutcome.Deferred(ex.error(), pause))
				.orElseGet(() -> new SubmissionOutcome.Failed(ex.error()));
		}
	}

	private SubmissionOutcome createOnce(PolicyDocument document, String transactionId, AttemptListener listener) {
		Answer answer = exchanges.create(document, transactionId, listener);
		if (answer.status() == 201) {
			return new SubmissionOutcome.Created(answer.body().path("id").asString());
		}
		if (answer.status() == 409 && "policy_conflict_error".equals(answer.error().code())) {
			return conflict(document, answer, transactionId, listener);
		}
		throw exchanges.failure(answer);
	}

	private SubmissionOutcome adoptOnce(PolicyDocument document, String transactionId, AttemptListener listener) {
		String account = document.resourceAttribute("accountId");
		Optional<JsonNode> held = exchanges.findSamePlace(document, transactionId, listener, exchanges.readTimeout());
		if (held.isEmpty()) {
			return new SubmissionOutcome.Failed(new IamError(null, "policy_missing",
					"IAM holds no policy for this subject and resource in account " + account
							+ "; the grant only adopts (mode ADOPT): create the policy elsewhere, then retry the grant",
					null));
		}
		List<String> missing = PolicyIdentity.missingRoles(document, PolicyJson.document(held.get()));
		if (!missing.isEmpty()) {
			return new SubmissionOutcome.Failed(new IamError(null, RoleUpdates.ROLES_MISSING,
					"IAM holds policy " + PolicyJson.id(held.get()) + " for this subject and resource without roles "
							+ missing
							+ "; the grant only adopts (mode ADOPT): add them elsewhere, then retry the grant",
					null));
		}
		return new SubmissionOutcome.Existed(PolicyJson.id(held.get()));
	}

	/** A 409 {@code policy_conflict_error}: see {@link #create}. */
	private SubmissionOutcome conflict(PolicyDocument document, Answer conflict, String transactionId,
			AttemptListener listener) {
		Optional<String> named = PolicyJson.conflictingPolicyId(conflict.body());
		RoleUpdates.Held held;
		if (named.isEmpty()) {
			held = new RoleUpdates.Held(samePlaceOrRefuse(document, transactionId, listener, conflict.error()), null);
		}
		else {
			Optional<JsonNode> whole = PolicyJson.conflictingPolicy(conflict.body())
				.filter(policy -> policy.has("roles"));
			held = whole.isPresent()
					? new RoleUpdates.Held(whole.get(), PolicyJson.conflictingEtag(conflict.body()).orElse(null))
					: roles.fetchConflicting(named.get(), document.resourceAttribute("accountId"), transactionId,
							listener, conflict.error());
		}
		String id = PolicyJson.id(held.policy());
		List<String> missing = PolicyIdentity.missingRoles(document, PolicyJson.document(held.policy()));
		if (missing.isEmpty()) {
			if (isOwn(document, PolicyJson.description(held.policy()))) {
				log.info("Submission {}: IAM already holds policy {} with this document's own description; "
						+ "an earlier attempt created it", transactionId, id);
				return new SubmissionOutcome.Created(id);
			}
			return new SubmissionOutcome.Existed(id);
		}
		RoleUpdates.Extension extension = roles.extend(document, held, missing, transactionId, listener);
		if (isOwn(document, PolicyJson.description(extension.policy()))) {
			log.info("Submission {}: the broker's own policy {} lacked roles {}; restored", transactionId, id,
					extension.added());
			return new SubmissionOutcome.Created(id);
		}
		log.info("Submission {}: IAM held policy {} for this subject and resource without roles {}; extended",
				transactionId, id, extension.added());
		return new SubmissionOutcome.Extended(id, extension.added());
	}

	/**
	 * A 409 without the conflicting id: the policy for the document's place in the target
	 * account, which must be listed.
	 */
	private JsonNode samePlaceOrRefuse(PolicyDocument document, String transactionId, AttemptListener listener,
			IamError conflict) {
		return exchanges.findSamePlace(document, transactionId, listener, exchanges.readTimeout())
			.orElseThrow(() -> new SubmissionRefused(new IamError(409, conflict.code(),
					conflict.message() + " (and no policy for this subject and resource is listed in account "
							+ document.resourceAttribute("accountId") + ")",
					conflict.trace())));
	}

	private static boolean isOwn(PolicyDocument document, Optional<String> description) {
		return document.description() != null && description.filter(document.description()::equals).isPresent();
	}

}

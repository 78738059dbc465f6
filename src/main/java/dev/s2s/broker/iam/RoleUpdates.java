package dev.s2s.broker.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.PolicyIdentity;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

/**
 * Changes to the roles of a policy IAM holds, within one attempt of {@link PolicyWrites}:
 * adding the roles a document needs to the policy IAM holds for its place, and giving
 * back the roles an extension added. Each is a {@code PUT /v1/policies/{id}} with
 * {@code If-Match} of everything else as IAM holds it, the description included (the
 * broker did not make the policy and must not mark it as its own); a stale ETag (412) is
 * read again and the update repeated, at most {@value #UPDATE_TRIES} times. It does not
 * decide whether a policy is the broker's, nor retry a transient failure.
 */
class RoleUpdates {

	/** The most tries of an update whose ETag went stale meanwhile (412). */
	static final int UPDATE_TRIES = 3;

	/**
	 * The code of a policy IAM holds for the subject and resource without every role of
	 * the intent, when the broker may not extend it.
	 */
	static final String ROLES_MISSING = "policy_roles_missing";

	private final PolicyExchanges exchanges;

	/** {@code broker.iam.extend-existing-policies}. */
	private final boolean extendExisting;

	RoleUpdates(PolicyExchanges exchanges, boolean extendExisting) {
		this.exchanges = exchanges;
		this.extendExisting = extendExisting;
	}

	/** A policy IAM holds, and its ETag when known. */
	record Held(JsonNode policy, @Nullable String etag) {
	}

	/**
	 * An extended policy.
	 *
	 * @param policy the policy as last read
	 * @param added the role CRNs added to it, the document's; empty when the policy held
	 * every role by the time it was read again
	 */
	record Extension(JsonNode policy, List<String> added) {
	}

	/**
	 * Gives the policy IAM holds for the document's place the document's roles whose
	 * names it lacks, in the CRNs the document pins.
	 * @throws SubmissionRefused with {@code broker.iam.extend-existing-policies=false},
	 * naming the policy, its roles and the missing ones; or as IAM refuses
	 * @throws TransientIamFailure as IAM fails, or when the policy went away meanwhile
	 */
	Extension extend(PolicyDocument document, Held held, List<String> missing, String transactionId,
			AttemptListener listener) {
		String id = PolicyJson.id(held.policy());
		if (!extendExisting) {
			throw new SubmissionRefused(new IamError(409, ROLES_MISSING,
					"IAM already holds policy " + id + " for this subject and resource with roles "
							+ PolicyJson.roleIds(held.policy()) + "; the intent also needs " + missing
							+ ", and broker.iam.extend-existing-policies is false",
					null));
		}
		String account = document.resourceAttribute("accountId");
		Held current = held;
		List<String> adding = missing;
		for (int tries = 1;; tries++) {
			if (current.etag() == null) {
				current = fetchConflicting(id, account, transactionId, listener,
						new IamError(409, "policy_conflict_error", "Failed to create policy.", null));
				adding = PolicyIdentity.missingRoles(document, PolicyJson.document(current.policy()));
				if (adding.isEmpty()) {
					return new Extension(current.policy(), adding);
				}
			}
			List<String> roles = new ArrayList<>(PolicyJson.roleIds(current.policy()));
			roles.addAll(adding);
			Answer answer = exchanges.update(id, account, current.etag(), exchanges.body(current.policy(), roles),
					transactionId, listener);
			if (answer.status() == 200) {
				return new Extension(current.policy(), adding);
			}
			if (answer.status() == 412 && tries < UPDATE_TRIES) {
				current = new Held(current.policy(), null);
				continue;
			}
			if (answer.gone()) {
				throw new TransientIamFailure(new IamError(404, answer.error().code(),
						"Policy " + id + " went away while the broker extended it; the create is repeated",
						answer.error().trace()), null);
			}
			throw exchanges.failure(answer);
		}
	}

	/**
	 * Takes the roles named as in {@code giveBack} off the policy, keeping the rest: see
	 * {@link PolicyWrites#restore}. Roles compare by name, as
	 * {@link PolicyIdentity#roleName} has them.
	 */
	SubmissionOutcome giveBack(String id, @Nullable String accountId, List<String> giveBack, String transactionId,
			AttemptListener listener) {
		Set<String> names = giveBack.stream().map(PolicyIdentity::roleName).collect(Collectors.toSet());
		for (int tries = 1;; tries++) {
			Answer read = exchanges.get(id, accountId, transactionId, listener);
			if (read.gone()) {
				return new SubmissionOutcome.Restored(id);
			}
			if (read.status() != 200) {
				throw exchanges.failure(read);
			}
			List<String> held = PolicyJson.roleIds(read.body());
			List<String> kept = held.stream().filter(role -> !names.contains(PolicyIdentity.roleName(role))).toList();
			if (kept.size() == held.size() || kept.isEmpty()) {
				return new SubmissionOutcome.Restored(id);
			}
			Answer answer = exchanges.update(id, accountId, read.headers().getFirst(HttpHeaders.ETAG),
					exchanges.body(read.body(), kept), transactionId, listener);
			if (answer.status() == 200 || answer.gone()) {
				return new SubmissionOutcome.Restored(id);
			}
			if (answer.status() != 412 || tries >= UPDATE_TRIES) {
				throw exchanges.failure(answer);
			}
		}
	}

	/**
	 * The policy a 409 names, read back with its ETag. When it is gone meanwhile the
	 * create is worth repeating, so that is a transient failure.
	 */
	Held fetchConflicting(String id, @Nullable String accountId, String transactionId, AttemptListener listener,
			IamError conflict) {
		Answer answer = exchanges.get(id, accountId, transactionId, listener);
		if (answer.gone()) {
			throw new TransientIamFailure(
					new IamError(409, conflict.code(),
							conflict.message() + " (the conflicting policy " + id + " is gone now)", conflict.trace()),
					null);
		}
		if (answer.status() != 200) {
			throw exchanges.failure(answer);
		}
		return new Held(answer.body(), answer.headers().getFirst(HttpHeaders.ETAG));
	}

}

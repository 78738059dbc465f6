package dev.s2s.broker.iam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.s2s.broker.iam.IamTransport.Answer;
import dev.s2s.broker.recipe.PolicyDocument;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.retry.RecoveryCallback;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.policy.SimpleRetryPolicy;
import org.springframework.retry.support.RetryTemplate;

/**
 * The broker's only way to IAM: submits policy documents to the IAM Policy Management API
 * ({@code POST /v1/policies}) with a token for the broker's API key, retrying what is
 * transient and telling an {@link AttemptListener} of every exchange.
 *
 * <p>
 * Outcomes follow the API's documented responses: 201 creates; 409
 * {@code policy_conflict_error} means an identical policy exists, which is adopted, or
 * recognised as created by an earlier attempt of the same document when it carries that
 * document's description; 429 waits for {@code Retry-After}; 5xx, timeouts and resets
 * back off exponentially; 401 fetches a new token once; other 4xx fail at once with IAM's
 * message.
 */
public class IamPolicies {

	private static final Logger log = LoggerFactory.getLogger(IamPolicies.class);

	static final String CREATE = "create_policy";

	static final String LIST = "list_policies";

	static final String DELETE = "delete_policy";

	static final String UPDATE = "update_policy";

	/** The most tries of an update whose ETag went stale meanwhile (412). */
	static final int UPDATE_TRIES = 3;

	/**
	 * The code of a policy IAM holds for the subject and resource without every role of
	 * the intent, when the broker may not extend it.
	 */
	static final String ROLES_MISSING = "policy_roles_missing";

	static final String GET = "get_policy";

	/** The first pause between two reads of a policy not served yet; it doubles. */
	static final Duration CONFIRM_FIRST_PAUSE = Duration.ofMillis(100);

	/** The longest pause between two reads of a policy not served yet. */
	static final Duration CONFIRM_MAX_PAUSE = Duration.ofSeconds(2);

	static final String POLICY_NOT_SERVED = "policy_not_served";

	private final IamTransport transport;

	private final JsonMapper json;

	private final Sleeper sleeper;

	private final Duration confirmTimeout;

	private final Clock clock;

	private final IamProperties.Retry settings;

	private final IamBackOff backOff;

	private final Counter retries;

	/**
	 * Shared by every operation and thread: each execution keeps its attempts and pauses
	 * in its own context.
	 */
	private final RetryTemplate retry;

	/** {@code broker.iam.extend-existing-policies}. */
	private final boolean extendExisting;

	IamPolicies(IamTransport transport, JsonMapper json, IamProperties.Retry settings, Duration confirmTimeout,
			boolean extendExisting, Sleeper sleeper, Clock clock, MeterRegistry meters) {
		this.transport = transport;
		this.extendExisting = extendExisting;
		this.json = json;
		this.sleeper = sleeper;
		this.confirmTimeout = confirmTimeout;
		this.clock = clock;
		this.settings = settings;
		this.retries = Counter.builder("s2s.iam.retries")
			.description("Pauses before retrying IAM after a transient failure")
			.register(meters);
		this.backOff = new IamBackOff(settings, sleeper, retries);
		this.retry = new RetryTemplate();
		this.retry
			.setRetryPolicy(new SimpleRetryPolicy(settings.maxAttempts(), Map.of(TransientIamFailure.class, true)));
		this.retry.setBackOffPolicy(backOff);
	}

	/**
	 * The number of submissions this instance may have in flight, lowered while IAM
	 * throttles.
	 */
	public AdaptiveLimit limit() {
		return transport.limit();
	}

	/**
	 * Submits one policy document, retrying transient failures, and tells
	 * {@code listener} of every exchange. Never throws for anything IAM answers.
	 *
	 * <p>
	 * A document's {@code description} is taken as its submitter's mark: when IAM answers
	 * 409 and the equal policy it holds carries exactly that description, an earlier
	 * submission of this document created it and its answer was lost (the submitter died
	 * between IAM's 201 and recording it, or the answer timed out), so the outcome is
	 * {@link SubmissionOutcome.Created}. An equal policy with any other description, or
	 * none, is someone else's: {@link SubmissionOutcome.Existed}. Documents without a
	 * description are never taken as created on a 409.
	 * @throws SubmissionInterrupted when the thread is interrupted while backing off
	 * @param transactionId sent as IAM's {@code Transaction-Id} header on every exchange
	 */
	public SubmissionOutcome submit(PolicyDocument document, String transactionId, AttemptListener listener) {
		SubmissionOutcome outcome = withRetries(() -> create(document, transactionId, listener));
		log.info("Submission {} ended: {}", transactionId, outcome);
		return outcome;
	}

	/**
	 * One attempt at submitting a policy document, as {@link #submit} makes them, without
	 * waiting to retry: a transient failure with attempts left is
	 * {@link SubmissionOutcome.Deferred}, naming the pause before the next attempt, so
	 * the caller can give IAM's slot to other work meanwhile (issue 11: policies sleeping
	 * between retries held the whole budget). The last of
	 * {@code broker.iam.retry.max-attempts} fails as {@link #submit} does, with IAM's
	 * last error. Never throws for anything IAM answers.
	 * @param failedBefore how many earlier attempts of this document failed transiently
	 * @param transactionId sent as IAM's {@code Transaction-Id} header on every exchange
	 */
	public SubmissionOutcome attemptSubmission(PolicyDocument document, String transactionId, int failedBefore,
			AttemptListener listener) {
		SubmissionOutcome outcome = once(() -> create(document, transactionId, listener), failedBefore);
		if (outcome instanceof SubmissionOutcome.Deferred) {
			log.debug("Submission {}: attempt {} {}", transactionId, failedBefore + 1, outcome);
		}
		else {
			log.info("Submission {} ended: {}", transactionId, outcome);
		}
		return outcome;
	}

	/**
	 * One attempt at deleting a policy, as {@link #delete} makes them, without waiting to
	 * retry: see {@link #attemptSubmission}.
	 * @param accountId the policy's target account, whose identity deletes it
	 * @param failedBefore how many earlier attempts of this deletion failed transiently
	 */
	public SubmissionOutcome attemptDeletion(String policyId, String accountId, String transactionId, int failedBefore,
			AttemptListener listener) {
		SubmissionOutcome outcome = once(() -> deleteOnce(policyId, accountId, transactionId, listener), failedBefore);
		if (outcome instanceof SubmissionOutcome.Deferred) {
			log.debug("Deletion {} of policy {}: attempt {} {}", transactionId, policyId, failedBefore + 1, outcome);
		}
		else {
			log.info("Deletion {} of policy {} ended: {}", transactionId, policyId, outcome);
		}
		return outcome;
	}

	/**
	 * Runs {@code operation} once: a transient failure is deferred by the pause the retry
	 * template would take before the next attempt, unless that attempt would be one more
	 * than {@code broker.iam.retry.max-attempts}.
	 */
	private SubmissionOutcome once(Supplier<SubmissionOutcome> operation, int failedBefore) {
		try {
			return operation.get();
		}
		catch (SubmissionRefused ex) {
			return new SubmissionOutcome.Failed(ex.error());
		}
		catch (TransientIamFailure ex) {
			int failed = failedBefore + 1;
			if (failed >= settings.maxAttempts()) {
				return new SubmissionOutcome.Failed(ex.error());
			}
			retries.increment();
			return new SubmissionOutcome.Deferred(ex.error(), backOff.pause(ex, failed));
		}
	}

	/**
	 * Reads back the policy a submission created or adopted ({@code GET
	 * /v1/policies/{id}}) until IAM serves it, and only then lets the outcome stand: IAM
	 * is eventually consistent, and a policy can read as 404 right after its 201
	 * (terraform-provider-ibm #4413) while the service it authorizes is still refused.
	 * Reads as 404, 429, 5xx and lost answers are read again after a pause that starts at
	 * 100 ms and doubles up to 2 s (a 429's {@code Retry-After} when longer), for at most
	 * the confirm timeout, reads and pauses counted; any other answer, or the timeout,
	 * fails the policy with a clear error. Other outcomes are returned as they are.
	 * @return {@code outcome} once IAM serves its policy; else
	 * {@link SubmissionOutcome.Failed}, naming the policy when the broker created it
	 * @param document the document submitted: its target's account is read, and IAM must
	 * serve every one of its roles
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
		String accountId = document.resourceAttribute("accountId");
		JsonNode wanted = json.valueToTree(document);
		Duration spent = Duration.ZERO;
		Duration pause = CONFIRM_FIRST_PAUSE;
		int reads = 0;
		String last;
		while (true) {
			Instant started = clock.instant();
			Duration asked = null;
			reads++;
			try {
				Answer answer = getPolicy(id, accountId, transactionId, listener);
				boolean gone = answer.gone();
				// Served, and with every role of the document: an extension is
				// confirmed only once IAM serves its roles (issue 20).
				List<String> missing = answer.status() == 200 && !gone
						? PolicyMatching.missingRoles(wanted, answer.body()) : List.of();
				if (answer.status() == 200 && !gone && missing.isEmpty()) {
					if (reads == 1) {
						log.debug("Submission {}: IAM serves policy {}", transactionId, id);
					}
					else {
						log.info("Submission {}: IAM serves policy {} after {} reads", transactionId, id, reads);
					}
					return outcome;
				}
				if (!gone && answer.status() != 429 && answer.status() < 500) {
					return new SubmissionOutcome.Failed(new IamError(answer.status(), answer.error().code(),
							"IAM named policy " + id + " but refuses to read it back: " + answer.error().message(),
							answer.error().trace()), created);
				}
				last = gone && answer.status() == 200 ? "200 with state deleted"
						: answer.status() == 200 ? "200 without roles " + missing
								: answer.status() + (answer.error() == null ? "" : " " + answer.error().code());
				if (answer.status() == 429) {
					asked = ((TransientIamFailure) transport.failure(answer)).retryAfter();
				}
			}
			catch (TransientIamFailure ex) {
				last = ex.error().code();
			}
			catch (SubmissionRefused ex) {
				return new SubmissionOutcome.Failed(ex.error(), created);
			}
			spent = spent.plus(Duration.between(started, clock.instant()));
			Duration left = confirmTimeout.minus(spent);
			if (left.isNegative() || left.isZero()) {
				return new SubmissionOutcome.Failed(new IamError(null, POLICY_NOT_SERVED,
						"IAM " + (created != null ? "created" : "named as existing") + " policy " + id
								+ " but did not serve it by its id (GET /v1/policies/" + id + ") within "
								+ confirmTimeout + " (" + reads + " reads; the last answered " + last
								+ "); retry the grant",
						null), created);
			}
			Duration wait = asked != null && asked.compareTo(pause) > 0 ? asked : pause;
			wait = wait.compareTo(left) > 0 ? left : wait;
			try {
				sleeper.sleep(wait.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SubmissionInterrupted(ex);
			}
			spent = spent.plus(wait);
			pause = pause.multipliedBy(2).compareTo(CONFIRM_MAX_PAUSE) > 0 ? CONFIRM_MAX_PAUSE : pause.multipliedBy(2);
		}
	}

	/**
	 * Deletes one policy ({@code DELETE /v1/policies/{id}}), retrying transient failures.
	 * IAM's 404 means the policy is already gone, which is what a delete wants.
	 * @throws SubmissionInterrupted when the thread is interrupted while backing off
	 */
	public SubmissionOutcome delete(String policyId, String accountId, String transactionId, AttemptListener listener) {
		SubmissionOutcome outcome = withRetries(() -> deleteOnce(policyId, accountId, transactionId, listener));
		log.info("Deletion {} of policy {} ended: {}", transactionId, policyId, outcome);
		return outcome;
	}

	private SubmissionOutcome deleteOnce(String policyId, String accountId, String transactionId,
			AttemptListener listener) {
		Answer answer = transport.exchange(DELETE, targetAccount(accountId), transactionId, listener,
				http -> http.delete().uri("/v1/policies/{id}", policyId).accept(MediaType.APPLICATION_JSON));
		if (answer.status() == 204 || answer.status() == 200 || answer.status() == 404) {
			return new SubmissionOutcome.Deleted(policyId);
		}
		throw transport.failure(answer);
	}

	/**
	 * Reads a recorded policy back ({@code GET /v1/policies/{id}}) and compares it with
	 * the document the broker submitted: type, subject and resource attributes, and role
	 * ids.
	 */
	public PolicyReading read(String policyId, PolicyDocument expected, String transactionId,
			AttemptListener listener) {
		return withRetries(() -> {
			Answer answer = getPolicy(policyId, expected.resourceAttribute("accountId"), transactionId, listener);
			if (answer.gone()) {
				return new PolicyReading.Missing(policyId);
			}
			if (answer.status() != 200) {
				throw transport.failure(answer);
			}
			// The same subject and resource with every role of the document: roles
			// beyond them (an extended policy, another grant's) are no drift, a role
			// removed is (issue 20).
			JsonNode wanted = json.valueToTree(expected);
			List<String> missing = PolicyMatching.missingRoles(wanted, answer.body());
			if (!PolicyMatching.place(wanted).equals(PolicyMatching.place(answer.body()))) {
				return new PolicyReading.Changed(policyId, "IAM holds " + PolicyMatching.comparable(answer.body())
						+ ", the broker submitted " + PolicyMatching.comparable(wanted));
			}
			return missing.isEmpty() ? new PolicyReading.Matches(policyId)
					: new PolicyReading.RolesMissing(policyId, missing);
		}, error -> new PolicyReading.Unreadable(policyId, error));
	}

	/**
	 * The active policy IAM holds for the document's subject and resource in its target
	 * account ({@code GET /v1/policies?account_id=…&type=…}), if any, and the roles of
	 * the document it lacks, from one read that waits at most {@code timeout} for IAM's
	 * answer and is never retried. For reads made while a caller waits (plans), where
	 * IAM's trouble is reported, not waited out: with IAM answering 500, retries made a
	 * 5-document plan take 61 s (issue 13). Read-only.
	 * @throws IamUnavailable when that read fails: IAM answers an error or nothing in
	 * time, or issues no token
	 */
	public Optional<ExistingPolicy> findExisting(PolicyDocument document, String transactionId, Duration timeout,
			AttemptListener listener) {
		return transport.forCaller(() -> {
			try {
				return findSamePlace(document, transactionId, listener, timeout)
					.map(held -> new ExistingPolicy(PolicyMatching.id(held),
							PolicyMatching.missingRoles(json.valueToTree(document), held)));
			}
			catch (TransientIamFailure ex) {
				throw new IamUnavailable(ex.error(), timeout);
			}
			catch (SubmissionRefused ex) {
				throw unavailable(ex, timeout);
			}
		});
	}

	private SubmissionOutcome withRetries(Supplier<SubmissionOutcome> operation) {
		return withRetries(operation, SubmissionOutcome.Failed::new);
	}

	/**
	 * Runs {@code operation}, retrying {@link TransientIamFailure}s. When the attempts
	 * run out or IAM refuses ({@link SubmissionRefused}), the result is {@code onFailure}
	 * of IAM's last error; any other exception propagates.
	 * @throws SubmissionInterrupted when the thread is interrupted while backing off
	 */
	private <T> T withRetries(Supplier<T> operation, Function<IamError, T> onFailure) {
		RecoveryCallback<T> retriesExhausted = context -> {
			if (context.getLastThrowable() instanceof TransientIamFailure failure) {
				return onFailure.apply(failure.error());
			}
			if (context.getLastThrowable() instanceof SubmissionRefused refused) {
				return onFailure.apply(refused.error());
			}
			throw (RuntimeException) context.getLastThrowable();
		};
		try {
			return retry.execute(context -> operation.get(), retriesExhausted);
		}
		catch (BackOffInterruptedException ex) {
			throw new SubmissionInterrupted(ex);
		}
	}

	private SubmissionOutcome create(PolicyDocument document, String transactionId, AttemptListener listener) {
		Answer answer = transport.exchange(CREATE, targetAccount(document.resourceAttribute("accountId")),
				transactionId, listener,
				http -> http.post()
					.uri("/v1/policies")
					.contentType(MediaType.APPLICATION_JSON)
					.accept(MediaType.APPLICATION_JSON)
					.body(document));
		if (answer.status() == 201) {
			return new SubmissionOutcome.Created(answer.body().path("id").asString());
		}
		if (answer.status() == 409 && "policy_conflict_error".equals(answer.error().code())) {
			return conflict(document, answer, transactionId, listener);
		}
		throw transport.failure(answer);
	}

	/**
	 * A 409 {@code policy_conflict_error}: IAM holds a policy for this subject and
	 * resource, whatever its roles (its 409 reads "A policy already exists for the given
	 * subject and resource"). It is the policy read from the 409 when IAM sends it whole,
	 * else fetched ({@code GET /v1/policies/{id}}); a 409 that names no policy is
	 * resolved by listing the target account. It is the intent only once it holds every
	 * role of the document: one that lacks some is {@link #extend extended} (issue 20).
	 * Then it is this document's own when it carries the document's description (see
	 * {@link #submit}), else someone else's.
	 */
	private SubmissionOutcome conflict(PolicyDocument document, Answer conflict, String transactionId,
			AttemptListener listener) {
		Optional<String> named = PolicyMatching.conflictingPolicyId(conflict.body());
		Held held;
		if (named.isEmpty()) {
			held = new Held(samePlaceOrRefuse(document, transactionId, listener, conflict.error()), null);
		}
		else {
			Optional<JsonNode> whole = PolicyMatching.conflictingPolicy(conflict.body())
				.filter(policy -> policy.has("roles"));
			held = whole.isPresent()
					? new Held(whole.get(), PolicyMatching.conflictingEtag(conflict.body()).orElse(null))
					: fetchConflicting(named.get(), document.resourceAttribute("accountId"), transactionId, listener,
							conflict.error());
		}
		List<String> missing = PolicyMatching.missingRoles(json.valueToTree(document), held.policy());
		if (!missing.isEmpty()) {
			return extend(document, held, missing, transactionId, listener);
		}
		return ownOrAdopted(document, PolicyMatching.id(held.policy()), PolicyMatching.description(held.policy()),
				transactionId);
	}

	/**
	 * Created when the equal policy {@code id} carries the document's own description,
	 * else Existed.
	 */
	private SubmissionOutcome ownOrAdopted(PolicyDocument document, String id, Optional<String> description,
			String transactionId) {
		if (isOwn(document, description)) {
			log.info("Submission {}: IAM already holds policy {} with this document's own description; "
					+ "an earlier attempt created it", transactionId, id);
			return new SubmissionOutcome.Created(id);
		}
		return new SubmissionOutcome.Existed(id);
	}

	private static boolean isOwn(PolicyDocument document, Optional<String> description) {
		return document.description() != null && description.filter(document.description()::equals).isPresent();
	}

	/**
	 * Gives the policy IAM holds for the document's subject and resource the roles it
	 * lacks ({@code PUT /v1/policies/{id}} with {@code If-Match}: its roles and the
	 * document's, everything else, its description included, as IAM holds it; the broker
	 * did not make it and must not mark it as its own). A stale ETag (412) is read again
	 * and the update repeated, at most {@value #UPDATE_TRIES} times. With
	 * {@code broker.iam.extend-existing-policies=false}, fails instead, naming the
	 * policy, its roles and the missing ones.
	 * @return {@link SubmissionOutcome.Extended} with the roles added, or
	 * {@link SubmissionOutcome.Created} when the policy carries the document's own
	 * description (a role of the broker's own policy removed by someone: restored)
	 */
	private SubmissionOutcome extend(PolicyDocument document, Held held, List<String> missing, String transactionId,
			AttemptListener listener) {
		String id = PolicyMatching.id(held.policy());
		if (!extendExisting) {
			return new SubmissionOutcome.Failed(new IamError(409, ROLES_MISSING,
					"IAM already holds policy " + id + " for this subject and resource with roles "
							+ PolicyMatching.roleIds(held.policy()) + "; the intent also needs " + missing
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
				adding = PolicyMatching.missingRoles(json.valueToTree(document), current.policy());
				if (adding.isEmpty()) {
					break;
				}
			}
			Answer answer = update(id, account, current, withRoles(current.policy(), adding), transactionId, listener);
			if (answer.status() == 200) {
				break;
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
			throw transport.failure(answer);
		}
		if (isOwn(document, PolicyMatching.description(current.policy()))) {
			log.info("Submission {}: the broker's own policy {} lacked roles {}; restored", transactionId, id, adding);
			return new SubmissionOutcome.Created(id);
		}
		log.info("Submission {}: IAM held policy {} for this subject and resource without roles {}; extended",
				transactionId, id, adding);
		return new SubmissionOutcome.Extended(id, adding);
	}

	/** The policy as IAM holds it, for a {@code PUT}, with these roles added. */
	private ObjectNode withRoles(JsonNode policy, List<String> added) {
		List<String> roles = new ArrayList<>(PolicyMatching.roleIds(policy));
		roles.addAll(added);
		return body(policy, roles);
	}

	/**
	 * The policy as IAM holds it (type, subjects, resources, description), for a
	 * {@code PUT}, with exactly these roles.
	 */
	private ObjectNode body(JsonNode policy, List<String> roleIds) {
		ObjectNode body = json.createObjectNode().put("type", policy.path("type").asString());
		if (policy.path("description").isString()) {
			body.put("description", policy.path("description").asString());
		}
		body.set("subjects", policy.path("subjects").deepCopy());
		ArrayNode roles = body.putArray("roles");
		roleIds.forEach(role -> roles.addObject().put("role_id", role));
		body.set("resources", policy.path("resources").deepCopy());
		return body;
	}

	/** One {@code PUT /v1/policies/{id}} with {@code If-Match}, whatever IAM answers. */
	private Answer update(String id, String accountId, Held current, ObjectNode body, String transactionId,
			AttemptListener listener) {
		return transport.exchange(UPDATE, targetAccount(accountId), transactionId, listener,
				http -> http.put()
					.uri("/v1/policies/{id}", id)
					.header(HttpHeaders.IF_MATCH, String.valueOf(current.etag()))
					.contentType(MediaType.APPLICATION_JSON)
					.accept(MediaType.APPLICATION_JSON)
					.body(body));
	}

	/**
	 * One attempt at giving back what an extension added to a policy the broker did not
	 * make, as a revoke does: its roles less {@code added} ({@code PUT} with
	 * {@code If-Match}, re-read on a 412), everything else as IAM holds it. A policy
	 * gone, or without those roles already, is restored as it is. A policy that would be
	 * left without a role keeps them: IAM holds no policy without one.
	 * @return {@link SubmissionOutcome.Restored}, {@link SubmissionOutcome.Deferred} or
	 * {@link SubmissionOutcome.Failed}, as {@link #attemptSubmission}
	 */
	public SubmissionOutcome attemptRestore(String policyId, PolicyDocument document, List<String> added,
			String transactionId, int failedBefore, AttemptListener listener) {
		SubmissionOutcome outcome = once(
				() -> restoreOnce(policyId, document.resourceAttribute("accountId"), added, transactionId, listener),
				failedBefore);
		log.info("Restore {} of policy {} (roles {}): {}", transactionId, policyId, added, outcome);
		return outcome;
	}

	private SubmissionOutcome restoreOnce(String id, String accountId, List<String> added, String transactionId,
			AttemptListener listener) {
		for (int tries = 1;; tries++) {
			Answer read = getPolicy(id, accountId, transactionId, listener);
			if (read.gone()) {
				return new SubmissionOutcome.Restored(id);
			}
			if (read.status() != 200) {
				throw transport.failure(read);
			}
			List<String> held = PolicyMatching.roleIds(read.body());
			List<String> kept = new ArrayList<>(held);
			kept.removeAll(added);
			if (kept.size() == held.size() || kept.isEmpty()) {
				return new SubmissionOutcome.Restored(id);
			}
			ObjectNode body = body(read.body(), kept);
			Answer answer = update(id, accountId, new Held(read.body(), read.headers().getFirst(HttpHeaders.ETAG)),
					body, transactionId, listener);
			if (answer.status() == 200 || answer.gone()) {
				return new SubmissionOutcome.Restored(id);
			}
			if (answer.status() != 412 || tries >= UPDATE_TRIES) {
				throw transport.failure(answer);
			}
		}
	}

	/**
	 * The policy a 409 names, read back with its ETag. When it is gone meanwhile the
	 * create is worth repeating, so that is a transient failure.
	 */
	private Held fetchConflicting(String id, String accountId, String transactionId, AttemptListener listener,
			IamError conflict) {
		Answer answer = getPolicy(id, accountId, transactionId, listener);
		if (answer.gone()) {
			throw new TransientIamFailure(
					new IamError(409, conflict.code(),
							conflict.message() + " (the conflicting policy " + id + " is gone now)", conflict.trace()),
					null);
		}
		if (answer.status() != 200) {
			throw transport.failure(answer);
		}
		return new Held(answer.body(), answer.headers().getFirst(HttpHeaders.ETAG));
	}

	/** A policy IAM holds, and its ETag when known. */
	private record Held(JsonNode policy, @Nullable String etag) {
	}

	/**
	 * One read of a policy by its id ({@code GET /v1/policies/{id}}) as the identity of
	 * its target account, whatever IAM answers.
	 */
	private Answer getPolicy(String id, String accountId, String transactionId, AttemptListener listener) {
		return transport.exchange(GET, targetAccount(accountId), transactionId, listener,
				http -> http.get().uri("/v1/policies/{id}", id).accept(MediaType.APPLICATION_JSON));
	}

	/**
	 * A 409 without the conflicting id: the policy for the same subject and resource in
	 * the target account, which must be listed.
	 */
	private JsonNode samePlaceOrRefuse(PolicyDocument document, String transactionId, AttemptListener listener,
			IamError conflict) {
		return findSamePlace(document, transactionId, listener, transport.readTimeout())
			.orElseThrow(() -> new SubmissionRefused(new IamError(409, conflict.code(),
					conflict.message() + " (and no policy for this subject and resource is listed in account "
							+ document.resourceAttribute("accountId") + ")",
					conflict.trace())));
	}

	/**
	 * The active policy for the document's subject and resource in its target account, as
	 * listed, if any: IAM holds at most one, whatever its roles.
	 */
	private Optional<JsonNode> findSamePlace(PolicyDocument document, String transactionId, AttemptListener listener,
			Duration timeout) {
		List<Object> wanted = PolicyMatching.place(json.valueToTree(document));
		JsonNode[] equal = new JsonNode[1];
		eachPage(document.resourceAttribute("accountId"), document.type(), transactionId, listener, timeout, policy -> {
			if (wanted.equals(PolicyMatching.place(policy))) {
				equal[0] = policy;
				return false;
			}
			return true;
		});
		return Optional.ofNullable(equal[0]);
	}

	/**
	 * Reads the active policies of a type filed under an account, page by page, handing
	 * each to {@code visitor} until it answers false or the last page is read. IAM
	 * answers a page at a time and names the next in {@code next.start}, to be sent back
	 * as {@code start} ({@code PolicyCollection} as IBM's SDKs read it since 2025; the
	 * API spec of 2023-09-08 has no paging, and an answer without {@code next} is the
	 * last page either way). Each page is one exchange that waits at most
	 * {@code timeout}.
	 * @return the number of pages read
	 * @throws TransientIamFailure or {@link SubmissionRefused} as IAM answers; the latter
	 * also when IAM names as next a page it gave already
	 */
	private int eachPage(String accountId, String type, String transactionId, AttemptListener listener,
			Duration timeout, Predicate<JsonNode> visitor) {
		List<String> starts = new ArrayList<>();
		int pages = 0;
		String start = null;
		do {
			Map<String, String> query = start == null ? Map.of("account", accountId, "type", type)
					: Map.of("account", accountId, "type", type, "start", start);
			Answer answer = transport.exchange(LIST, targetAccount(accountId), transactionId, listener, timeout,
					http -> http.get().uri(uri -> {
						uri.path("/v1/policies").queryParam("account_id", "{account}").queryParam("type", "{type}");
						if (query.containsKey("start")) {
							// IAM's page token is opaque: a URI variable, so it is
							// encoded whole.
							uri.queryParam("start", "{start}");
						}
						return uri.build(query);
					}).accept(MediaType.APPLICATION_JSON));
			if (answer.status() != 200) {
				throw transport.failure(answer);
			}
			pages++;
			for (JsonNode policy : answer.body().path("policies")) {
				if (!"deleted".equals(policy.path("state").asString("")) && !visitor.test(policy)) {
					return pages;
				}
			}
			JsonNode next = answer.body().path("next").path("start");
			start = next.isString() && !next.asString().isEmpty() ? next.asString() : null;
			if (start != null && starts.contains(start)) {
				throw new SubmissionRefused(
						new IamError(200, "repeated_page", "IAM named page " + start + " as next again", null));
			}
			starts.add(start);
		}
		while (start != null);
		return pages;
	}

	/**
	 * The account a call about a policy is made in, as that account's identity: its
	 * target's. A document that names none is refused, never sent as the home account.
	 */
	private static String targetAccount(@Nullable String accountId) {
		if (accountId == null || accountId.isBlank()) {
			throw new SubmissionRefused(new IamError(null, "no_target_account",
					"The policy names no target account (resources[].attributes accountId): IAM creates an "
							+ "authorization in its target's account",
					null));
		}
		return accountId;
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

	/**
	 * Every active authorization policy filed under an account, as IAM lists them
	 * ({@code GET /v1/policies?account_id=…&type=authorization}), all pages: IAM answers
	 * a page at a time and names the next in {@code next.start}, to be sent back as
	 * {@code start} ({@code PolicyCollection} as IBM's SDKs read it since 2025; the API
	 * spec of 2023-09-08 has no paging, and an answer without {@code next} is the last
	 * page either way). Each page is one read that waits at most {@code timeout} and is
	 * never retried, because a caller waits (as for {@link #findExisting}). Read-only.
	 * @throws IamUnavailable when a read fails: IAM answers an error or nothing in time,
	 * issues no token, or names as next a page it gave already
	 */
	public List<ListedPolicy> listAuthorizations(String accountId, String transactionId, Duration timeout,
			AttemptListener listener) {
		List<ListedPolicy> listed = new ArrayList<>();
		int pages = transport.forCaller(() -> {
			try {
				return eachPage(accountId, PolicyDocument.AUTHORIZATION, transactionId, listener, timeout, policy -> {
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

}

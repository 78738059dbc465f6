package dev.s2s.broker.iam;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.PolicyIdentity;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The exchanges of the Policy Management API ({@code /v1/policies}) the policy types
 * share, each one request as the identity of the policy's target account: create, read,
 * update with {@code If-Match}, delete, and the listing of an account page by page. Each
 * returns whatever IAM answered; deciding what an answer means, and whether to try again,
 * is the caller's.
 */
class PolicyExchanges {

	static final String CREATE = "create_policy";

	static final String GET = "get_policy";

	static final String UPDATE = "update_policy";

	static final String DELETE = "delete_policy";

	static final String LIST = "list_policies";

	private final IamTransport transport;

	private final JsonMapper json;

	PolicyExchanges(IamTransport transport, JsonMapper json) {
		this.transport = transport;
		this.json = json;
	}

	/** {@code POST /v1/policies} of exactly the document. */
	Answer create(PolicyDocument document, String transactionId, AttemptListener listener) {
		return transport.exchange(CREATE, targetAccount(document.resourceAttribute("accountId")), transactionId,
				listener,
				http -> http.post()
					.uri("/v1/policies")
					.contentType(MediaType.APPLICATION_JSON)
					.accept(MediaType.APPLICATION_JSON)
					.body(document));
	}

	/** {@code GET /v1/policies/{id}}. */
	Answer get(String id, @Nullable String accountId, String transactionId, AttemptListener listener) {
		return transport.exchange(GET, targetAccount(accountId), transactionId, listener,
				http -> http.get().uri("/v1/policies/{id}", id).accept(MediaType.APPLICATION_JSON));
	}

	/** {@code PUT /v1/policies/{id}} with {@code If-Match}. */
	Answer update(String id, @Nullable String accountId, @Nullable String etag, ObjectNode body, String transactionId,
			AttemptListener listener) {
		return transport.exchange(UPDATE, targetAccount(accountId), transactionId, listener,
				http -> http.put()
					.uri("/v1/policies/{id}", id)
					.header(HttpHeaders.IF_MATCH, String.valueOf(etag))
					.contentType(MediaType.APPLICATION_JSON)
					.accept(MediaType.APPLICATION_JSON)
					.body(body));
	}

	/** {@code DELETE /v1/policies/{id}}. */
	Answer delete(String id, @Nullable String accountId, String transactionId, AttemptListener listener) {
		return transport.exchange(DELETE, targetAccount(accountId), transactionId, listener,
				http -> http.delete().uri("/v1/policies/{id}", id).accept(MediaType.APPLICATION_JSON));
	}

	/**
	 * The policy as IAM holds it (type, subjects, resources, description), as the body of
	 * a {@code PUT}, with exactly these roles.
	 */
	ObjectNode body(JsonNode policy, List<String> roleIds) {
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

	/**
	 * The active policy for the document's place in its target account, as listed, if
	 * any: IAM holds at most one, whatever its roles. Each page waits at most
	 * {@code timeout}.
	 */
	Optional<JsonNode> findSamePlace(PolicyDocument document, String transactionId, AttemptListener listener,
			Duration timeout) {
		PolicyIdentity.Place wanted = PolicyIdentity.Place.of(document);
		JsonNode[] equal = new JsonNode[1];
		eachPage(document.resourceAttribute("accountId"), document.type(), transactionId, listener, timeout, policy -> {
			if (wanted.equals(PolicyIdentity.Place.of(PolicyJson.document(policy)))) {
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
	int eachPage(@Nullable String accountId, String type, String transactionId, AttemptListener listener,
			Duration timeout, Predicate<JsonNode> visitor) {
		String account = targetAccount(accountId);
		List<String> starts = new ArrayList<>();
		int pages = 0;
		String start = null;
		do {
			Map<String, String> query = start == null ? Map.of("account", account, "type", type)
					: Map.of("account", account, "type", type, "start", start);
			Answer answer = transport.exchange(LIST, account, transactionId, listener, timeout,
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
	 * An answer the operation did not expect, as a failure: 429 and 5xx are worth
	 * retrying, the rest final.
	 */
	RuntimeException failure(Answer answer) {
		return transport.failure(answer);
	}

	/** See {@link IamTransport#forCaller}. */
	<T> T forCaller(Supplier<T> read) {
		return transport.forCaller(read);
	}

	/** How long an exchange waits for IAM's answer unless told otherwise. */
	Duration readTimeout() {
		return transport.readTimeout();
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

}

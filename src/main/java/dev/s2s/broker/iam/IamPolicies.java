package dev.s2s.broker.iam;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.ibm.cloud.sdk.core.service.exception.ServiceResponseException;
import dev.s2s.broker.recipe.PolicyDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.retry.RecoveryCallback;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.policy.SimpleRetryPolicy;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The broker's only way to IAM: submits policy documents to the IAM Policy Management API
 * ({@code POST /v1/policies}) with a token for the broker's API key, retrying what is transient
 * and telling an {@link AttemptListener} of every exchange.
 *
 * <p>Outcomes follow the API's documented responses: 201 creates; 409 {@code policy_conflict_error}
 * means an identical policy exists, which is adopted; 429 waits for {@code Retry-After}; 5xx,
 * timeouts and resets back off exponentially; 401 fetches a new token once; other 4xx fail at once
 * with IAM's message.
 */
public class IamPolicies {

	private static final Logger log = LoggerFactory.getLogger(IamPolicies.class);

	static final String CREATE = "create_policy";

	static final String LIST = "list_policies";

	static final String DELETE = "delete_policy";

	static final String GET = "get_policy";

	static final String TOKEN = "token";

	private final RestClient http;

	private final IamTokens tokens;

	private final JsonMapper json;

	private final IamProperties properties;

	private final Sleeper sleeper;

	private final Clock clock;

	private final AdaptiveLimit limit;

	private final io.micrometer.core.instrument.MeterRegistry meters;

	IamPolicies(RestClient http, IamTokens tokens, JsonMapper json, IamProperties properties, Sleeper sleeper,
			Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
		this.meters = meters;
		this.http = http;
		this.tokens = tokens;
		this.json = json;
		this.properties = properties;
		this.sleeper = sleeper;
		this.clock = clock;
		this.limit = new AdaptiveLimit(properties.maxConcurrency(), clock);
		io.micrometer.core.instrument.Gauge.builder("s2s.iam.concurrency.limit", limit, AdaptiveLimit::limit)
			.description("Submissions this instance may have in flight at IAM now (halved by 429s)")
			.register(meters);
	}

	/** Whether IAM issues a token for the broker's API key now; for the non-fatal IAM health indicator. */
	boolean tokenObtainable() {
		try {
			tokens.token();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** The number of submissions this instance may have in flight, lowered while IAM throttles. */
	public AdaptiveLimit limit() {
		return limit;
	}

	/**
	 * Submits one policy document, retrying transient failures, and tells {@code listener} of
	 * every exchange. Never throws for anything IAM answers.
	 * @throws SubmissionInterrupted when the thread is interrupted while backing off
	 * @param transactionId sent as IAM's {@code Transaction-Id} header on every exchange
	 */
	public SubmissionOutcome submit(PolicyDocument document, String transactionId, AttemptListener listener) {
		SubmissionOutcome outcome = withRetries(() -> create(document, transactionId, listener));
		log.info("Submission {} ended: {}", transactionId, outcome);
		return outcome;
	}

	/**
	 * Deletes one policy ({@code DELETE /v1/policies/{id}}), retrying transient failures. IAM's 404
	 * means the policy is already gone, which is what a delete wants.
	 * @throws SubmissionInterrupted when the thread is interrupted while backing off
	 */
	public SubmissionOutcome delete(String policyId, String transactionId, AttemptListener listener) {
		SubmissionOutcome outcome = withRetries(() -> {
			Answer answer = withToken(DELETE, transactionId, listener, token -> http.delete()
				.uri("/v1/policies/{id}", policyId)
				.accept(MediaType.APPLICATION_JSON)
				.headers(headers -> authorize(headers, token, transactionId)));
			if (answer.status() == 204 || answer.status() == 200 || answer.status() == 404) {
				return new SubmissionOutcome.Deleted(policyId);
			}
			throw failure(answer);
		});
		log.info("Deletion {} of policy {} ended: {}", transactionId, policyId, outcome);
		return outcome;
	}

	/**
	 * Reads a recorded policy back ({@code GET /v1/policies/{id}}) and compares it with the document
	 * the broker submitted: type, subject and resource attributes, and role ids.
	 */
	public PolicyReading read(String policyId, PolicyDocument expected, String transactionId, AttemptListener listener) {
		return withRetries(() -> {
			Answer answer = withToken(GET, transactionId, listener, token -> http.get()
				.uri("/v1/policies/{id}", policyId)
				.accept(MediaType.APPLICATION_JSON)
				.headers(headers -> authorize(headers, token, transactionId)));
			if (answer.status() == 404 || (answer.status() == 200
					&& "deleted".equals(answer.body().path("state").asString("")))) {
				return new PolicyReading.Missing(policyId);
			}
			if (answer.status() != 200) {
				throw failure(answer);
			}
			Object wanted = comparable(json.valueToTree(expected));
			Object found = comparable(answer.body());
			return wanted.equals(found) ? new PolicyReading.Matches(policyId)
					: new PolicyReading.Changed(policyId, "IAM holds " + found + ", the broker submitted " + wanted);
		}, error -> new PolicyReading.Unreadable(policyId, error));
	}

	/**
	 * The id of an active policy equal to the document in its target account
	 * ({@code GET /v1/policies?account_id=…&type=…}), if any. Read-only.
	 * @throws IamUnavailable when IAM cannot be read
	 */
	public Optional<String> findExisting(PolicyDocument document, String transactionId, AttemptListener listener) {
		Optional<String> found = withRetries(() -> Optional.ofNullable(findEqual(document, transactionId, listener)),
				error -> null);
		if (found == null) {
			throw new IamUnavailable(new IamError(null, "iam_unavailable", "IAM could not be read", null));
		}
		return found;
	}

	private SubmissionOutcome withRetries(java.util.function.Supplier<SubmissionOutcome> exchange) {
		return withRetries(exchange, SubmissionOutcome.Failed::new);
	}

	private <T> T withRetries(java.util.function.Supplier<T> exchange, Function<IamError, T> onFailure) {
		RetryTemplate retry = new RetryTemplate();
		retry.setRetryPolicy(new SimpleRetryPolicy(properties.retry().maxAttempts(),
				Map.of(TransientIamFailure.class, true)));
		retry.setBackOffPolicy(new IamBackOff(properties.retry(), sleeper,
				io.micrometer.core.instrument.Counter.builder("s2s.iam.retries")
					.description("Pauses before retrying IAM after a transient failure")
					.register(meters)));
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
			return retry.execute(context -> exchange.get(), retriesExhausted);
		}
		catch (BackOffInterruptedException ex) {
			throw new SubmissionInterrupted(ex);
		}
	}

	private SubmissionOutcome create(PolicyDocument document, String transactionId, AttemptListener listener) {
		Answer answer = withToken(CREATE, transactionId, listener, token -> http.post()
			.uri("/v1/policies")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.headers(headers -> authorize(headers, token, transactionId))
			.body(document));
		if (answer.status() == 201) {
			return new SubmissionOutcome.Created(answer.body().path("id").asString());
		}
		if (answer.status() == 409 && "policy_conflict_error".equals(answer.error().code())) {
			String existing = conflictingPolicyId(answer.body());
			return new SubmissionOutcome.Existed(
					existing != null ? existing : equalOrRefuse(document, transactionId, listener, answer.error()));
		}
		throw failure(answer);
	}

	/**
	 * IAM names the conflicting policy in {@code errors[0].details.conflicts_with.policy}: as the
	 * policy id (the API spec's {@code ConflictsWith} schema), or, as IAM answers in practice, as
	 * the whole policy object with its {@code id}.
	 */
	private static String conflictingPolicyId(JsonNode body) {
		JsonNode policy = body.path("errors").path(0).path("details").path("conflicts_with").path("policy");
		if (policy.isString() && !policy.asString().isBlank()) {
			return policy.asString();
		}
		if (policy.isObject() && policy.path("id").isString()) {
			return policy.path("id").asString();
		}
		return null;
	}

	/** A 409 without the conflicting id: look for the equal policy in the target account. */	private String equalOrRefuse(PolicyDocument document, String transactionId, AttemptListener listener,
			IamError conflict) {
		String equal = findEqual(document, transactionId, listener);
		if (equal == null) {
			throw new SubmissionRefused(new IamError(409, conflict.code(), conflict.message()
					+ " (and no equal policy is listed in account " + document.resourceAttribute("accountId") + ")",
					conflict.trace()));
		}
		return equal;
	}

	/** The id of an active policy equal to the document in its target account, or null. */
	private String findEqual(PolicyDocument document, String transactionId, AttemptListener listener) {
		String account = document.resourceAttribute("accountId");
		Answer answer = withToken(LIST, transactionId, listener, token -> http.get()
			.uri(uri -> uri.path("/v1/policies")
				.queryParam("account_id", account)
				.queryParam("type", document.type())
				.build())
			.accept(MediaType.APPLICATION_JSON)
			.headers(headers -> authorize(headers, token, transactionId)));
		if (answer.status() != 200) {
			throw failure(answer);
		}
		Object wanted = comparable(json.valueToTree(document));
		for (JsonNode policy : answer.body().path("policies")) {
			boolean active = !"deleted".equals(policy.path("state").asString(""));
			if (active && wanted.equals(comparable(policy))) {
				return policy.path("id").asString();
			}
		}
		return null;
	}

	/** What makes two policies the same grant: type, subject and resource attributes, and role ids. */
	private static Object comparable(JsonNode policy) {
		return List.of(policy.path("type").asString(""), attributes(policy.path("subjects")),
				roles(policy.path("roles")), attributes(policy.path("resources")));
	}

	private static List<List<String>> attributes(JsonNode holders) {
		List<List<String>> attributes = new ArrayList<>();
		for (JsonNode holder : holders) {
			for (JsonNode attribute : holder.path("attributes")) {
				attributes.add(List.of(attribute.path("name").asString(""), attribute.path("value").asString("")));
			}
		}
		attributes.sort((a, b) -> String.join("=", a).compareTo(String.join("=", b)));
		return attributes;
	}

	private static List<String> roles(JsonNode roles) {
		List<String> ids = new ArrayList<>();
		roles.forEach(role -> ids.add(role.path("role_id").asString("")));
		ids.sort(String::compareTo);
		return ids;
	}

	/**
	 * One exchange with a token; when IAM answers 401 (token expired or revoked), drops the token
	 * and repeats the exchange once with a fresh one.
	 */
	private Answer withToken(String operation, String transactionId, AttemptListener listener,
			Function<String, RestClient.RequestHeadersSpec<?>> request) {
		String token = token(transactionId, listener);
		Answer answer = send(operation, transactionId, listener, request.apply(token));
		if (answer.status() == 401) {
			tokens.rejected(token);
			answer = send(operation, transactionId, listener, request.apply(token(transactionId, listener)));
		}
		return answer;
	}

	private String token(String transactionId, AttemptListener listener) {
		Instant started = clock.instant();
		try {
			return tokens.token();
		}
		catch (ServiceResponseException ex) {
			IamError error = new IamError(ex.getStatusCode(), "token_request_failed",
					"IAM did not issue a token for the broker's API key: " + ex.getMessage(), null);
			listener.attempted(new IamAttempt(TOKEN, transactionId, started, since(started), ex.getStatusCode(), error));
			if (ex.getStatusCode() == 429 || ex.getStatusCode() >= 500) {
				throw new TransientIamFailure(error, null);
			}
			throw new SubmissionRefused(error);
		}
		catch (RuntimeException ex) {
			IamError error = new IamError(null, "token_request_failed",
					"IAM token endpoint unreachable: " + rootMessage(ex), null);
			listener.attempted(new IamAttempt(TOKEN, transactionId, started, since(started), null, error));
			throw new TransientIamFailure(error, null);
		}
	}

	private Answer send(String operation, String transactionId, AttemptListener listener,
			RestClient.RequestHeadersSpec<?> request) {
		Instant started = clock.instant();
		Answer answer;
		try {
			answer = request.exchange((req, response) -> {
				byte[] bytes = response.getBody().readAllBytes();
				return answer(response.getStatusCode().value(), response.getHeaders(), bytes);
			});
		}
		catch (ResourceAccessException ex) {
			IamError error = new IamError(null, "transport_error", rootMessage(ex), null);
			listener.attempted(new IamAttempt(operation, transactionId, started, since(started), null, error));
			measure(operation, "transport_error", "none", since(started));
			throw new TransientIamFailure(error, null);
		}
		measure(operation, outcome(answer.status()), String.valueOf(answer.status()), since(started));
		listener.attempted(new IamAttempt(operation, transactionId, started, since(started), answer.status(),
				answer.status() >= 400 ? answer.error() : null));
		if (answer.status() == 429) {
			Duration asked = retryAfter(answer.headers());
			limit.throttled(asked == null || asked.compareTo(properties.retry().maxRetryAfter()) <= 0 ? asked
					: properties.retry().maxRetryAfter());
		}
		else if (answer.status() < 400) {
			limit.succeeded();
		}
		return answer;
	}

	private void measure(String operation, String outcome, String status, Duration took) {
		io.micrometer.core.instrument.Timer.builder("s2s.iam.requests")
			.description("Exchanges with IAM, by operation, outcome and HTTP status")
			.tags("operation", operation, "outcome", outcome, "status", status)
			.publishPercentileHistogram()
			.register(meters)
			.record(took);
	}

	private static String outcome(int status) {
		if (status == 429) {
			return "throttled";
		}
		if (status >= 500) {
			return "server_error";
		}
		return status >= 400 ? "client_error" : "success";
	}

	private Answer answer(int status, HttpHeaders headers, byte[] bytes) {
		JsonNode body;
		try {
			body = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
		}
		catch (JacksonException ex) {
			body = json.createObjectNode();
		}
		IamError error = null;
		if (status >= 400) {
			JsonNode first = body.path("errors").path(0);
			String trace = body.path("trace").asString(headers.getFirst("Transaction-Id"));
			error = first.isObject()
					? new IamError(status, first.path("code").asString("unknown"), first.path("message").asString(""), trace)
					: new IamError(status, "http_" + status, abbreviate(new String(bytes, StandardCharsets.UTF_8)), trace);
		}
		return new Answer(status, headers, body, error);
	}

	private RuntimeException failure(Answer answer) {
		if (answer.status() == 429) {
			return new TransientIamFailure(answer.error(), retryAfter(answer.headers()));
		}
		if (answer.status() >= 500) {
			return new TransientIamFailure(answer.error(), null);
		}
		return new SubmissionRefused(answer.error());
	}

	/** {@code Retry-After} as delta-seconds (what IAM sends) or an HTTP date (RFC 9110 §10.2.3). */
	private Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException notSeconds) {
			try {
				Duration until = Duration.between(clock.instant(),
						ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (DateTimeParseException neither) {
				return null;
			}
		}
	}

	private static void authorize(HttpHeaders headers, String token, String transactionId) {
		headers.setBearerAuth(token);
		headers.set("Transaction-Id", transactionId);
	}

	private Duration since(Instant started) {
		return Duration.between(started, clock.instant());
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage() == null ? "" : ": " + root.getMessage();
		return abbreviate(root.getClass().getSimpleName() + message);
	}

	private static String abbreviate(String text) {
		return text.length() <= 500 ? text : text.substring(0, 500) + "…";
	}

	private record Answer(int status, HttpHeaders headers, JsonNode body, IamError error) {
	}

	/** A final answer: carried out of the retry loop and turned into {@link SubmissionOutcome.Failed}. */
	static final class SubmissionRefused extends RuntimeException {

		private final IamError error;

		SubmissionRefused(IamError error) {
			super(error.code() + ": " + error.message(), null, false, false);
			this.error = error;
		}

		IamError error() {
			return error;
		}

	}

}

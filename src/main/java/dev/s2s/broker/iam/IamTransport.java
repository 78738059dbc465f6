package dev.s2s.broker.iam;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Single exchanges with IAM, without retries: each with a token of the broker's identity
 * in the account the exchange is about ({@link IamIdentities}) and the submission's
 * {@code Transaction-Id}, each told to the {@link AttemptListener} and measured as
 * {@code s2s.iam.requests}, each answer fed to the {@link AdaptiveLimit} (lowered by
 * every 429, raised by every success). It turns IAM's answers into {@link Answer}s and
 * failures into {@link TransientIamFailure} (worth retrying) or {@link SubmissionRefused}
 * (final); retrying is the caller's business.
 */
class IamTransport {

	static final String TOKEN = "token";

	/** The code of an exchange that got no answer: timeout, refused, reset. */
	static final String TRANSPORT_ERROR = "transport_error";

	/** The code of a caller's read refused because as many are under way already. */
	static final String CALLER_READS_BUSY = "caller_reads_busy";

	/** The code of an exchange for which IAM issued no token. */
	static final String TOKEN_REQUEST_FAILED = "token_request_failed";

	/**
	 * Builds a client on IAM's base URL whose requests wait at most the given time for
	 * IAM's answer.
	 */
	private final Function<Duration, RestClient> clients;

	/** One client per timeout asked for: the configured read timeout, and the plans'. */
	private final Map<Duration, RestClient> clientsByTimeout = new ConcurrentHashMap<>();

	private final Duration readTimeout;

	private final IamIdentities identities;

	/**
	 * Reads of IAM for callers that wait, at most {@code broker.iam.max-caller-reads}.
	 */
	private final Semaphore callerReads;

	private final int maxCallerReads;

	private final JsonMapper json;

	private final Duration maxRetryAfter;

	private final Clock clock;

	private final AdaptiveLimit limit;

	private final RecentFailures failures;

	private final IamExchanges exchanges;

	private final MeterProvider<Timer> requests;

	IamTransport(Function<Duration, RestClient> clients, IamIdentities identities, AdaptiveLimit limit,
			RecentFailures failures, IamExchanges exchanges, JsonMapper json, IamProperties properties, Clock clock,
			MeterRegistry meters) {
		this.failures = failures;
		this.exchanges = exchanges;
		this.clients = clients;
		this.readTimeout = properties.readTimeout();
		this.identities = identities;
		this.maxCallerReads = properties.maxCallerReads();
		this.callerReads = new Semaphore(maxCallerReads);
		this.json = json;
		this.maxRetryAfter = properties.retry().maxRetryAfter();
		this.clock = clock;
		this.limit = limit;
		this.requests = Timer.builder("s2s.iam.requests")
			.description("Exchanges with IAM, by operation, outcome and HTTP status")
			.publishPercentileHistogram()
			.withRegistry(meters);
	}

	/**
	 * A read for a caller that waits, within {@code broker.iam.max-caller-reads}: one
	 * more is refused at once rather than hold a request thread while IAM is slow; on a
	 * JDK whose request threads are platform threads, 400 plans against an IAM answering
	 * in 2 s held them all and liveness took 7.8 s (issue 19).
	 * @throws IamUnavailable when as many reads for callers are under way already
	 */
	<T> T forCaller(Supplier<T> read) {
		if (!callerReads.tryAcquire()) {
			throw new IamUnavailable(
					new IamError(null, CALLER_READS_BUSY,
							"The broker is reading IAM for " + maxCallerReads + " waiting callers already", null),
					"the broker is reading IAM for " + maxCallerReads
							+ " waiting callers already (broker.iam.max-caller-reads); repeat the request later");
		}
		try {
			return read.get();
		}
		finally {
			callerReads.release();
		}
	}

	/** Which identity the broker acts with in each account. */
	IamIdentities identities() {
		return identities;
	}

	/** How long an exchange waits for IAM's answer unless told otherwise. */
	Duration readTimeout() {
		return readTimeout;
	}

	/**
	 * One exchange: the request {@code request} builds on the base URL, sent with a
	 * bearer token of the broker's identity in {@code accountId} and
	 * {@code transactionId}. When IAM answers 401 (token expired or revoked), drops that
	 * account's token and repeats the exchange once with a fresh one.
	 * @param operation the name the attempt and the metrics carry, e.g.
	 * {@code create_policy}
	 * @param accountId the account the exchange is about (a policy's target account);
	 * null for the home account
	 * @return whatever status IAM answered
	 * @throws TransientIamFailure when no answer arrived, or the token endpoint failed
	 * transiently
	 * @throws SubmissionRefused when IAM refused to issue a token, or the broker has no
	 * identity in the account
	 */
	Answer exchange(String operation, @Nullable String accountId, String transactionId, AttemptListener listener,
			Function<RestClient, RestClient.RequestHeadersSpec<?>> request) {
		return exchange(operation, accountId, transactionId, listener, readTimeout, request);
	}

	/**
	 * {@link #exchange(String, String, AttemptListener, Function) One exchange} whose
	 * request waits at most {@code timeout} for IAM's answer (connecting included),
	 * instead of the configured read timeout. The token is not bounded by it: it comes
	 * from the cache, unless it has to be fetched.
	 */
	Answer exchange(String operation, @Nullable String accountId, String transactionId, AttemptListener listener,
			Duration timeout, Function<RestClient, RestClient.RequestHeadersSpec<?>> request) {
		RestClient http = clientsByTimeout.computeIfAbsent(timeout, clients);
		IamIdentities.AccountToken token = token(accountId, transactionId, listener);
		Answer answer = send(operation, token.iamId(), transactionId, listener,
				authorized(http, request, token.value(), transactionId));
		if (answer.status() == 401) {
			identities.rejected(token);
			IamIdentities.AccountToken fresh = token(accountId, transactionId, listener);
			answer = send(operation, fresh.iamId(), transactionId, listener,
					authorized(http, request, fresh.value(), transactionId));
		}
		return answer;
	}

	/**
	 * An answer the operation did not expect, as a failure: 429 and 5xx are worth
	 * retrying, the rest final.
	 */
	RuntimeException failure(Answer answer) {
		if (answer.status() == 429) {
			return new TransientIamFailure(answer.error(), retryAfter(answer.headers()));
		}
		if (answer.status() >= 500) {
			return new TransientIamFailure(answer.error(), null);
		}
		return new SubmissionRefused(answer.error());
	}

	private static RestClient.RequestHeadersSpec<?> authorized(RestClient http,
			Function<RestClient, RestClient.RequestHeadersSpec<?>> request, String token, String transactionId) {
		return request.apply(http).headers(headers -> {
			headers.setBearerAuth(token);
			headers.set("Transaction-Id", transactionId);
		});
	}

	private IamIdentities.AccountToken token(@Nullable String accountId, String transactionId,
			AttemptListener listener) {
		Instant started = clock.instant();
		try {
			return identities.token(accountId);
		}
		catch (SubmissionRefused ex) {
			listener.attempted(new IamAttempt(TOKEN, transactionId, started, since(started), ex.error().status(),
					ex.error(), null));
			throw ex;
		}
		catch (TransientIamFailure ex) {
			listener.attempted(new IamAttempt(TOKEN, transactionId, started, since(started), ex.error().status(),
					ex.error(), null));
			throw ex;
		}
	}

	private Answer send(String operation, String iamId, String transactionId, AttemptListener listener,
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
			IamError error = new IamError(null, TRANSPORT_ERROR, rootMessage(ex), null);
			listener.attempted(new IamAttempt(operation, transactionId, started, since(started), null, error, iamId));
			measure(operation, TRANSPORT_ERROR, "none", since(started));
			failures.failed();
			throw new TransientIamFailure(error, null);
		}
		finally {
			exchanges.ended();
		}
		measure(operation, outcome(answer.status()), String.valueOf(answer.status()), since(started));
		listener.attempted(new IamAttempt(operation, transactionId, started, since(started), answer.status(),
				answer.status() >= 400 ? answer.error() : null, iamId));
		if (answer.status() == 429) {
			Duration asked = retryAfter(answer.headers());
			limit.throttled(asked == null || asked.compareTo(maxRetryAfter) <= 0 ? asked : maxRetryAfter);
		}
		else if (answer.status() < 400) {
			limit.succeeded();
		}
		if (answer.status() >= 500) {
			failures.failed();
		}
		else if (answer.status() != 429) {
			failures.answered();
		}
		return answer;
	}

	private void measure(String operation, String outcome, String status, Duration took) {
		requests.withTags("operation", operation, "outcome", outcome, "status", status).record(took);
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

	/** IAM's answer; a body that is empty or not JSON reads as an empty object. */
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
					? new IamError(status, first.path("code").asString("unknown"), first.path("message").asString(""),
							trace)
					: new IamError(status, "http_" + status, abbreviate(new String(bytes, StandardCharsets.UTF_8)),
							trace);
		}
		return new Answer(status, headers, body, error);
	}

	/**
	 * {@code Retry-After} as delta-seconds (what IAM sends) or an HTTP date (RFC 9110
	 * §10.2.3).
	 */
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

	private Duration since(Instant started) {
		return Duration.between(started, clock.instant());
	}

	static String rootMessage(Throwable ex) {
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

	/**
	 * What IAM answered to one exchange.
	 *
	 * @param body the JSON body, an empty object when there was none
	 * @param error IAM's error for a status of 400 and above, else null
	 */
	record Answer(int status, HttpHeaders headers, JsonNode body, IamError error) {

		/**
		 * Whether a read of a policy found it gone: 404, or a 200 with {@code state}
		 * {@code deleted} (IAM keeps deleted policies readable for a while).
		 */
		boolean gone() {
			return status == 404 || (status == 200 && "deleted".equals(body.path("state").asString("")));
		}

	}

}

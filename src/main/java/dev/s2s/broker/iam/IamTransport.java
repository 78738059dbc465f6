package dev.s2s.broker.iam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Single exchanges with IAM, without retries: each with a token of the broker's identity
 * in the account the exchange is about ({@link IamIdentities}) and the submission's
 * {@code Transaction-Id}, each told to the {@link AttemptListener} and to what learns
 * from it ({@link AnswerFeedback}: {@code s2s.iam.requests}, the {@link AdaptiveLimit},
 * {@link RecentFailures}). It turns IAM's answers into {@link Answer}s and failures into
 * {@link TransientIamFailure} (worth retrying) or {@link SubmissionRefused} (final);
 * retrying is the caller's business.
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

	private final Clock clock;

	private final IamExchanges exchanges;

	private final AnswerFeedback feedback;

	IamTransport(Function<Duration, RestClient> clients, IamIdentities identities, AdaptiveLimit limit,
			RecentFailures failures, IamExchanges exchanges, JsonMapper json, IamProperties properties, Clock clock,
			MeterRegistry meters) {
		this.exchanges = exchanges;
		this.clients = clients;
		this.readTimeout = properties.readTimeout();
		this.identities = identities;
		this.maxCallerReads = properties.maxCallerReads();
		this.callerReads = new Semaphore(maxCallerReads);
		this.json = json;
		this.clock = clock;
		this.feedback = new AnswerFeedback(limit, failures, properties.retry().maxRetryAfter(), clock, meters);
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
		AccountToken token = token(accountId, transactionId, listener);
		Answer answer = send(operation, token.iamId(), transactionId, listener,
				authorized(http, request, token.value(), transactionId));
		if (answer.status() == 401) {
			identities.rejected(token);
			AccountToken fresh = token(accountId, transactionId, listener);
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
		if (answer.throttled()) {
			return new TransientIamFailure(answer.error(), answer.retryAfter(clock));
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

	private AccountToken token(@Nullable String accountId, String transactionId, AttemptListener listener) {
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
			answer = request.exchange((req, response) -> Answer.of(response.getStatusCode().value(),
					response.getHeaders(), response.getBody().readAllBytes(), json));
		}
		catch (ResourceAccessException ex) {
			IamError error = new IamError(null, TRANSPORT_ERROR, rootMessage(ex), null);
			listener.attempted(new IamAttempt(operation, transactionId, started, since(started), null, error, iamId));
			feedback.unanswered(operation, since(started));
			throw new TransientIamFailure(error, null);
		}
		finally {
			exchanges.ended();
		}
		feedback.measure(operation, answer, since(started));
		listener.attempted(new IamAttempt(operation, transactionId, started, since(started), answer.status(),
				answer.status() >= 400 ? answer.error() : null, iamId));
		feedback.learn(answer);
		return answer;
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

	static String abbreviate(String text) {
		return text.length() <= 500 ? text : text.substring(0, 500) + "…";
	}

}

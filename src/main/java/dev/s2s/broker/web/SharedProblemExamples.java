package dev.s2s.broker.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.examples.Example;

/**
 * The problems the broker really answers, as the examples of each operation's problem
 * responses: a 404 of a grant shows "Grant not found", not the 400 of the Problem schema.
 * The features' own ({@link ProblemExamples}) come first; here are those every operation
 * shares, each what {@code ProblemDetails}, {@code ErrorProblems}, the security or the
 * filters in front of the API answered to such a request, with the ids of the document's
 * other examples.
 */
final class SharedProblemExamples {

	private SharedProblemExamples() {
	}

	/**
	 * The named examples of the problem answered with {@code status} by the operation
	 * {@code method path}: the features' own, then the shared ones none of theirs
	 * replaces; more than one where the status has several causes.
	 * @throws IllegalStateException when two features name an example alike
	 */
	static Map<String, Example> of(HttpMethod method, String path, String status, List<ProblemExamples> features) {
		Map<String, Example> examples = new LinkedHashMap<>();
		for (ProblemExamples feature : features) {
			feature.of(method, path, status).forEach((name, example) -> {
				if (examples.putIfAbsent(name, example) != null) {
					throw new IllegalStateException(
							"Two features show an example " + name + " of " + method + " " + path + " " + status);
				}
			});
		}
		shared(method, path, status).forEach(examples::putIfAbsent);
		return examples;
	}

	/**
	 * The shared examples of a status. Its 403 is what a caller without any rule is
	 * refused: reading; a feature whose operation needs more names it.
	 */
	private static Map<String, Example> shared(HttpMethod method, String path, String status) {
		String instance = ProblemExample.instanceOf(path);
		Map<String, Example> examples = new LinkedHashMap<>();
		switch (status) {
			case "400" -> examples.put("invalid-request", invalid(path, instance));
			case "401" -> examples.put("unauthenticated",
					ProblemExample
						.of("unauthenticated", "Unauthenticated", 401,
								"A valid bearer token (JWT) from the configured issuer is required")
						.field("Authorization")
						.summarized("No bearer token, or one that is expired, not from the issuer or without iam_id"));
			case "403" -> examples.put("forbidden", ProblemExample.forbidden("read", instance));
			case "404" -> examples.put("not-found",
					ProblemExample.of("not-found", "Not found", 404, "There is no such resource")
						.at(instance)
						.summarized("No such resource"));
			case "408" -> examples.put("request-too-slow",
					ProblemExample
						.of("request-too-slow", "Request too slow", 408, "The request body did not arrive within 30 s")
						.field("body")
						.summarized("The body did not arrive within broker.api.body-read-timeout (30 s by default)"));
			case "409" -> {
				if (method == HttpMethod.POST) {
					examples.put("idempotency-key-in-flight",
							ProblemExample
								.of("idempotency-key-in-flight", "Request in progress", 409,
										"The first request with this Idempotency-Key is still being processed; "
												+ "repeat it later")
								.field("Idempotency-Key")
								.summarized("The first request with this Idempotency-Key is still being processed"));
				}
			}
			case "413" -> examples.put("request-too-large",
					ProblemExample
						.of("request-too-large", "Request too large", 413, "The request body exceeds 1048576 bytes")
						.field("body")
						.summarized("The body is larger than broker.api.max-body-bytes (1 MiB by default)"));
			case "415" -> examples.put("unsupported-media-type",
					ProblemExample.blank("Unsupported Media Type", 415, "Content-Type 'text/plain' is not supported.")
						.at(instance)
						.summarized("A body sent as text/plain instead of application/json"));
			case "422" -> examples.put("idempotency-key-reused",
					ProblemExample
						.of("idempotency-key-reused", "Idempotency key reused", 422,
								"This Idempotency-Key was used for a different request")
						.field("Idempotency-Key")
						.summarized("The same Idempotency-Key with a different request"));
			case "500" -> examples.put("internal-error",
					ProblemExample
						.of("internal-error", "Internal error", 500,
								"The broker failed unexpectedly; nothing about the failure is shown here, see the "
										+ "broker's log")
						.at(instance)
						.summarized("Anything unexpected; the broker's log tells what"));
			case "503" -> examples.put("token-verification-unavailable",
					ProblemExample
						.of("token-verification-unavailable", "Token verification unavailable", 503,
								"The broker cannot verify bearer tokens now (the issuer's signing keys are "
										+ "unreachable); repeat the request later")
						.summarized("The issuer's signing keys cannot be fetched (Retry-After: 5)"));
			default -> {
			}
		}
		return examples;
	}

	/**
	 * A parameter not in its format: the id or account of the path, else the page size of
	 * a list.
	 */
	private static Example invalid(String path, String instance) {
		if (path.contains("{id}")) {
			return ProblemExample.invalidRequest("The request is not valid")
				.at(instance.replace(ProblemExample.GRANT, "not-a-uuid"))
				.field("id", "must be a valid UUID")
				.summarized("A path parameter not in its format");
		}
		if (path.contains("{accountId}")) {
			return ProblemExample.invalidRequest("The request is not valid")
				.at(instance.replace(ProblemExample.ACCOUNT, "not-an-account"))
				.field("accountId", "must be 32 lowercase hexadecimal characters")
				.summarized("A path parameter not in its format");
		}
		return ProblemExample.invalidQueryParameter(instance, "size", "must be at least 1");
	}

}

package dev.s2s.broker.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.examples.Example;

/**
 * The problems the broker really answers, as the examples of each operation's problem
 * responses: a 404 of a grant shows "Grant not found", not the 400 of the Problem schema.
 * Each is what the broker answered to such a request (type, title, detail and fields as
 * written by the code that refuses it), with the ids of the document's other examples.
 */
final class ProblemExamples {

	static final String GRANT = "6b933697-c7a5-4fb4-b053-6163dba2c484";

	static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String CALLER = "iam-ServiceId-5c3a9e2f-8b1d-4f6a-9e7c-2d4b6a8c0e13";

	private static final String ACCOUNT_FORMAT = "must be account-id: IBM Cloud account id, 32 lowercase hexadecimal "
			+ "characters, e.g. " + ACCOUNT;

	private ProblemExamples() {
	}

	/**
	 * The named examples of the problem answered with {@code status} by the operation
	 * {@code method path}; more than one where the status has several causes.
	 */
	static Map<String, Example> of(HttpMethod method, String path, String status) {
		String instance = path.replace("{id}", GRANT).replace("{accountId}", ACCOUNT).replace("{name}", "vpc-backup");
		Map<String, Example> examples = new LinkedHashMap<>();
		switch (status) {
			case "400" -> examples.put("invalid-request", invalid(method, path, instance));
			case "401" ->
				examples.put("unauthenticated",
						example("No bearer token, or one that is expired, not from the issuer or without iam_id",
								withField(problem("unauthenticated", "Unauthenticated", 401,
										"A valid bearer token (JWT) from the configured issuer is required", null),
										"Authorization")));
			case "403" ->
				examples.put("forbidden", example("No access rule allows the caller this", problem("forbidden",
						"Forbidden", 403, "Caller " + CALLER + " may not " + operation(method, path), instance)));
			case "404" -> examples.put("not-found", notFound(method, path, instance));
			case "408" -> examples.put("request-too-slow",
					example("The body did not arrive within broker.api.body-read-timeout (30 s by default)",
							withField(problem("request-too-slow", "Request too slow", 408,
									"The request body did not arrive within 30 s", null), "body")));
			case "409" -> {
				if (path.equals("/v1/accounts/{accountId}/authorizations")) {
					examples.put("no-identity-in-account", example(
							"The broker has no identity in the account: here IAM refused the trusted profile the "
									+ "broker assumes there (see GET /v1/accounts/{accountId}/identity)",
							problem("no-identity-in-account", "No identity in account", 409,
									"The authorization policies of account " + ACCOUNT + " cannot be read: IAM "
											+ "refused to let the broker assume trusted profile 's2s-broker' in "
											+ "account " + ACCOUNT + " (broker.iam.accounts.default-profile-name): "
											+ "Trusted profile 's2s-broker' in account " + ACCOUNT + " not found.",
									instance)));
				}
				Example own = conflict(method, path, instance);
				if (own != null) {
					examples.put("grant-state", own);
				}
				if (method == HttpMethod.POST) {
					examples.put("idempotency-key-in-flight",
							example("The first request with this Idempotency-Key is still being processed",
									withField(problem("idempotency-key-in-flight", "Request in progress", 409,
											"The first request with this Idempotency-Key is still being processed; "
													+ "repeat it later",
											null), "Idempotency-Key")));
				}
			}
			case "413" -> examples.put("request-too-large",
					example("The body is larger than broker.api.max-body-bytes (1 MiB by default)",
							withField(problem("request-too-large", "Request too large", 413,
									"The request body exceeds 1048576 bytes", null), "body")));
			case "415" -> {
				Map<String, Object> unsupported = problem(null, "Unsupported Media Type", 415,
						"Content-Type 'text/plain' is not supported.", instance);
				examples.put("unsupported-media-type",
						example("A body sent as text/plain instead of application/json", unsupported));
			}
			case "422" -> examples.put("idempotency-key-reused",
					example("The same Idempotency-Key with a different request",
							withField(
									problem("idempotency-key-reused", "Idempotency key reused", 422,
											"This Idempotency-Key was used for a different request", null),
									"Idempotency-Key")));
			case "500" ->
				examples
					.put("internal-error",
							example("Anything unexpected; the broker's log tells what",
									problem("internal-error", "Internal error", 500,
											"The broker failed unexpectedly; nothing "
													+ "about the failure is shown here, see the broker's log",
											instance)));
			case "503" -> {
				if (path.equals("/v1/accounts/{accountId}/authorizations")) {
					examples.put("iam-unavailable",
							example("IAM did not answer the account's policies",
									problem("iam-unavailable", "IAM unavailable", 503,
											"The authorization policies of account " + ACCOUNT
													+ " could not be read from IAM: IAM unavailable: transport_error "
													+ "HttpTimeoutException; repeat the request later",
											instance)));
				}
				examples.put("token-verification-unavailable",
						example("The issuer's signing keys cannot be fetched (Retry-After: 5)",
								problem("token-verification-unavailable", "Token verification unavailable", 503,
										"The broker cannot verify bearer tokens now (the issuer's signing keys are "
												+ "unreachable); repeat the request later",
										null)));
			}
			default -> {
			}
		}
		return examples;
	}

	private static Example invalid(HttpMethod method, String path, String instance) {
		if (method == HttpMethod.POST && path.equals("/v1/dns-sharing-authorizations")) {
			return example("Fields missing or not in their format",
					intentProblem(instance, "spokeAccountId", "is required", "hubVpcId", "is required"));
		}
		if (method == HttpMethod.POST && path.equals("/v1/backup-authorizations")) {
			return example("An account id not in its format", intentProblem(instance, "accountId", ACCOUNT_FORMAT));
		}
		if (method == HttpMethod.POST && path.equals("/v1/grant-batches")) {
			return example("An intent that does not fit the catalog",
					intentProblem(instance, "intents[0].parameters.accountId", ACCOUNT_FORMAT));
		}
		if (method == HttpMethod.POST && (path.equals("/v1/grants") || path.equals("/v1/plans"))) {
			return example("An intent that does not fit the catalog",
					intentProblem(instance, "parameters.accountId", ACCOUNT_FORMAT));
		}
		if (path.startsWith("/v1/recipes")) {
			return example("A path the web server refuses to read, e.g. one with an encoded slash (%2F)", withField(
					problem("invalid-request", "Invalid request", 400, "The request path is not acceptable", null),
					"path"));
		}
		String field;
		String message;
		if (path.contains("{id}")) {
			field = "id";
			message = "must be a valid UUID";
			instance = instance.replace(GRANT, "not-a-uuid");
		}
		else if (path.contains("{accountId}")) {
			field = "accountId";
			message = "must be 32 lowercase hexadecimal characters";
			instance = instance.replace(ACCOUNT, "not-an-account");
		}
		else if (path.equals("/v1/audit-events")) {
			field = "from";
			message = "must be a valid OffsetDateTime";
		}
		else if (path.equals("/v1/dns-sharing-authorizations")) {
			field = "spokeAccountId";
			message = "is required";
		}
		else {
			field = "size";
			message = "must be at least 1";
		}
		return example(
				"A " + (field.equals("id") || field.equals("accountId") ? "path" : "query")
						+ " parameter not in its format",
				withField(problem("invalid-request", "Invalid request", 400, "The request is not valid", instance),
						field, message));
	}

	private static Example notFound(HttpMethod method, String path, String instance) {
		if (path.startsWith("/v1/grants/")) {
			return example("No grant with this id, or one naming an account the caller may not read",
					problem("grant-not-found", "Grant not found", 404, "No grant with id " + GRANT, instance));
		}
		if (path.startsWith("/v1/grant-batches/")) {
			return example("No batch with this id", problem("grant-batch-not-found", "Grant batch not found", 404,
					"No grant batch with id " + GRANT, instance));
		}
		if (path.startsWith("/v1/recipes/")) {
			return example("No recipe of this name", problem("recipe-not-found", "Recipe not found", 404,
					"No recipe named 'vpc-backups'", instance.replace("vpc-backup", "vpc-backups")));
		}
		if (path.startsWith("/v1/backup-authorizations/")) {
			return example("No live grant of this intent", problem("grant-not-found", "Grant not found", 404,
					"No live grant for vpc-backup {accountId=" + ACCOUNT + "}", instance));
		}
		if (path.equals("/v1/dns-sharing-authorizations")) {
			return example("No live grant of this intent", problem("grant-not-found", "Grant not found", 404,
					"No live grant for vpe-dns-sharing {hubAccountId=fedcba9876543210fedcba9876543210, "
							+ "hubVpcId=r006-7c1e5b0a-3d92-4f6e-a8b4-91c2d7e05f38, spokeAccountId=" + ACCOUNT + "}",
					instance));
		}
		return example("No such resource",
				problem("not-found", "Not found", 404, "There is no such resource", instance));
	}

	private static Example conflict(HttpMethod method, String path, String instance) {
		if (method == HttpMethod.DELETE && path.equals("/v1/grants/{id}")) {
			return example("The grant's policies are still being submitted",
					problem("grant-not-revocable", "Grant cannot be revoked yet", 409,
							"Grant " + GRANT + " is IN_PROGRESS; wait until it is SUCCEEDED or FAILED to revoke it",
							instance));
		}
		if (path.endsWith("/retry")) {
			return example("The grant is neither FAILED nor REVOKE_FAILED",
					problem("grant-not-retryable", "Grant cannot be retried", 409,
							"Grant " + GRANT + " is SUCCEEDED; only a FAILED or REVOKE_FAILED grant can be retried",
							instance));
		}
		if (path.endsWith("/verify")) {
			return example("The grant is neither SUCCEEDED nor DRIFTED",
					problem("grant-not-verifiable", "Grant cannot be verified or repaired now", 409,
							"Grant " + GRANT + " is FAILED; only a SUCCEEDED or DRIFTED grant can be verified",
							instance));
		}
		if (path.endsWith("/repair")) {
			return example("The grant is not DRIFTED",
					problem("grant-not-verifiable", "Grant cannot be verified or repaired now", 409, "Grant " + GRANT
							+ " is SUCCEEDED; only a DRIFTED grant can be repaired (verify it first to find drift)",
							instance));
		}
		return null;
	}

	/**
	 * What a caller without a rule for this operation is refused, in the audit trail's
	 * words.
	 */
	private static String operation(HttpMethod method, String path) {
		String accounts = " on accounts [" + ACCOUNT + "]";
		if (method == HttpMethod.GET) {
			return path.equals("/v1/recipes") || path.startsWith("/v1/recipes/") ? "read" : "read" + accounts;
		}
		if (method == HttpMethod.DELETE) {
			return "revoke with recipe vpc-backup" + accounts;
		}
		if (path.equals("/v1/plans")) {
			return "plan with recipe vpc-backup" + accounts;
		}
		if (path.equals("/v1/grant-batches")) {
			return "bulk";
		}
		return "grant with recipe vpc-backup" + accounts;
	}

	/** The 400 of an intent, with its errors as field, message, field, message… */
	private static Map<String, Object> intentProblem(String instance, String... errors) {
		Map<String, Object> problem = problem("invalid-request", "Invalid request", 400,
				"The intent does not fit the recipe catalog", instance);
		List<Map<String, Object>> fields = new ArrayList<>();
		for (int i = 0; i < errors.length; i += 2) {
			fields.add(error(errors[i], errors[i + 1]));
		}
		problem.put("errors", fields);
		return problem;
	}

	static Map<String, Object> problem(String kind, String title, int status, String detail, String instance) {
		Map<String, Object> problem = new LinkedHashMap<>();
		if (kind != null) {
			problem.put("type", "urn:s2s-broker:problem:" + kind);
		}
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		if (instance != null) {
			problem.put("instance", instance);
		}
		return problem;
	}

	/**
	 * A problem about one field, whose message is the detail (as the filters write it).
	 */
	private static Map<String, Object> withField(Map<String, Object> problem, String field) {
		return withField(problem, field, (String) problem.get("detail"));
	}

	private static Map<String, Object> withField(Map<String, Object> problem, String field, String message) {
		problem.put("errors", List.of(error(field, message)));
		return problem;
	}

	private static Map<String, Object> error(String field, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("message", message);
		return error;
	}

	private static Example example(String summary, Map<String, Object> problem) {
		return new Example().summary(summary).value(problem);
	}

}

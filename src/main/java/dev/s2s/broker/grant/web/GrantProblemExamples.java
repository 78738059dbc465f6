package dev.s2s.broker.grant.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.web.ProblemExample;
import dev.s2s.broker.web.ProblemExamples;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.examples.Example;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import static dev.s2s.broker.recipe.web.RecipeProblemExamples.ACCOUNT_ID_FORMAT;
import static dev.s2s.broker.recipe.web.RecipeProblemExamples.invalidIntent;
import static dev.s2s.broker.web.ProblemExample.ACCOUNT;
import static dev.s2s.broker.web.ProblemExample.GRANT;
import static dev.s2s.broker.web.ProblemExamples.named;

/**
 * What the grants API refuses in its own words: intents that do not fit the catalog, the
 * grant or batch that is not there, the grant whose state forbids the operation, and
 * which operation the access rules refuse.
 */
@Component
class GrantProblemExamples implements ProblemExamples {

	private static final List<String> PATHS = List.of("/v1/grants", "/v1/grant-batches", "/v1/backup-authorizations",
			"/v1/dns-sharing-authorizations");

	private static final String ON_ACCOUNT = " on accounts [" + ACCOUNT + "]";

	@Override
	public Map<String, Example> of(HttpMethod method, String path, String status) {
		if (PATHS.stream().noneMatch(path::startsWith)) {
			return Map.of();
		}
		String instance = ProblemExample.instanceOf(path);
		return switch (status) {
			case "400" -> named("invalid-request", invalid(method, path, instance));
			case "403" -> named("forbidden", ProblemExample.forbidden(refused(method, path), instance));
			case "404" -> named("not-found", notFound(path, instance));
			case "409" -> conflicts(method, path, instance);
			default -> Map.of();
		};
	}

	private static @Nullable Example invalid(HttpMethod method, String path, String instance) {
		if (method == HttpMethod.POST && path.equals("/v1/dns-sharing-authorizations")) {
			return invalidIntent("Fields missing or not in their format", instance, "spokeAccountId", "is required",
					"hubVpcId", "is required");
		}
		if (method == HttpMethod.POST && path.equals("/v1/backup-authorizations")) {
			return invalidIntent("An account id not in its format", instance, "accountId", ACCOUNT_ID_FORMAT);
		}
		if (method == HttpMethod.POST && path.equals("/v1/grant-batches")) {
			return invalidIntent("An intent that does not fit the catalog", instance, "intents[0].parameters.accountId",
					ACCOUNT_ID_FORMAT);
		}
		if (method == HttpMethod.POST && path.equals("/v1/grants")) {
			return invalidIntent("An intent that does not fit the catalog", instance, "parameters.accountId",
					ACCOUNT_ID_FORMAT);
		}
		if (method == HttpMethod.DELETE && path.equals("/v1/dns-sharing-authorizations")) {
			return ProblemExample.invalidQueryParameter(instance, "spokeAccountId", "is required");
		}
		return null;
	}

	/** What a caller without a rule for this operation is refused. */
	private static String refused(HttpMethod method, String path) {
		if (method == HttpMethod.GET) {
			return "read" + ON_ACCOUNT;
		}
		if (method == HttpMethod.DELETE) {
			return "revoke with recipe vpc-backup" + ON_ACCOUNT;
		}
		if (path.equals("/v1/grant-batches")) {
			return "bulk";
		}
		return "grant with recipe vpc-backup" + ON_ACCOUNT;
	}

	private static @Nullable Example notFound(String path, String instance) {
		if (path.startsWith("/v1/grants/")) {
			return ProblemExample.of("grant-not-found", "Grant not found", 404, "No grant with id " + GRANT)
				.at(instance)
				.summarized("No grant with this id, or one naming an account the caller may not read");
		}
		if (path.startsWith("/v1/grant-batches/")) {
			return ProblemExample
				.of("grant-batch-not-found", "Grant batch not found", 404, "No grant batch with id " + GRANT)
				.at(instance)
				.summarized("No batch with this id");
		}
		if (path.startsWith("/v1/backup-authorizations/")) {
			return ProblemExample
				.of("grant-not-found", "Grant not found", 404,
						"No live grant for vpc-backup {accountId=" + ACCOUNT + "}")
				.at(instance)
				.summarized("No live grant of this intent");
		}
		if (path.equals("/v1/dns-sharing-authorizations")) {
			return ProblemExample
				.of("grant-not-found", "Grant not found", 404,
						"No live grant for vpe-dns-sharing {hubAccountId=fedcba9876543210fedcba9876543210, "
								+ "hubVpcId=r006-7c1e5b0a-3d92-4f6e-a8b4-91c2d7e05f38, spokeAccountId=" + ACCOUNT + "}")
				.at(instance)
				.summarized("No live grant of this intent");
		}
		return null;
	}

	/**
	 * The grant whose state forbids the operation, and a revoke caution not acknowledged.
	 */
	private static Map<String, Example> conflicts(HttpMethod method, String path, String instance) {
		Map<String, Example> examples = new LinkedHashMap<>(named("grant-state", conflict(method, path, instance)));
		if (method == HttpMethod.DELETE && path.equals("/v1/grants/{id}")) {
			examples.put("revoke-caution", ProblemExample
				.of("revoke-caution", "Revoking this grant can break what depends on it", 409, "Grant " + GRANT
						+ " of recipe cos-encryption: Buckets encrypted with a root key of this authorization stay "
						+ "registered to it; delete them first. Revoke it with acknowledgeRevokeCaution=true once "
						+ "that is done.")
				.at(instance)
				.summarized("The recipe's revoke caution was not acknowledged"));
		}
		return examples;
	}

	private static @Nullable Example conflict(HttpMethod method, String path, String instance) {
		if (method == HttpMethod.DELETE && path.equals("/v1/grants/{id}")) {
			return ProblemExample
				.of("grant-not-revocable", "Grant cannot be revoked yet", 409,
						"Grant " + GRANT + " is IN_PROGRESS; wait until it is SUCCEEDED or FAILED to revoke it")
				.at(instance)
				.summarized("The grant's policies are still being submitted");
		}
		if (path.endsWith("/retry")) {
			return ProblemExample
				.of("grant-not-retryable", "Grant cannot be retried", 409,
						"Grant " + GRANT + " is SUCCEEDED; only a FAILED or REVOKE_FAILED grant can be retried")
				.at(instance)
				.summarized("The grant is neither FAILED nor REVOKE_FAILED");
		}
		if (path.endsWith("/verify")) {
			return ProblemExample
				.of("grant-not-verifiable", "Grant cannot be verified or repaired now", 409,
						"Grant " + GRANT + " is FAILED; only a SUCCEEDED or DRIFTED grant can be verified")
				.at(instance)
				.summarized("The grant is neither SUCCEEDED nor DRIFTED");
		}
		if (path.endsWith("/repair")) {
			return ProblemExample
				.of("grant-not-verifiable", "Grant cannot be verified or repaired now", 409,
						"Grant " + GRANT
								+ " is SUCCEEDED; only a DRIFTED grant can be repaired (verify it first to find drift)")
				.at(instance)
				.summarized("The grant is not DRIFTED");
		}
		return null;
	}

}

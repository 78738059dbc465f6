package dev.s2s.broker.inventory.web;

import java.util.Map;

import dev.s2s.broker.web.ProblemExample;
import dev.s2s.broker.web.ProblemExamples;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.examples.Example;

import org.springframework.stereotype.Component;

import static dev.s2s.broker.web.ProblemExample.ACCOUNT;
import static dev.s2s.broker.web.ProblemExamples.named;

/**
 * What the inventory refuses in its own words: an account where the broker has no
 * identity, IAM that cannot be read, and a read the access rules refuse.
 */
@Component
class InventoryProblemExamples implements ProblemExamples {

	private static final String AUTHORIZATIONS = "/v1/accounts/{accountId}/authorizations";

	@Override
	public Map<String, Example> of(HttpMethod method, String path, String status) {
		if (!path.startsWith("/v1/accounts/")) {
			return Map.of();
		}
		String instance = ProblemExample.instanceOf(path);
		if (status.equals("403")) {
			return named("forbidden", ProblemExample.forbidden("read on accounts [" + ACCOUNT + "]", instance));
		}
		if (!path.equals(AUTHORIZATIONS)) {
			return Map.of();
		}
		return switch (status) {
			case "409" -> named("no-identity-in-account", noIdentity(instance));
			case "503" -> named("iam-unavailable", iamUnavailable(instance));
			default -> Map.of();
		};
	}

	private static Example noIdentity(String instance) {
		return ProblemExample
			.of("no-identity-in-account", "No identity in account", 409,
					"The authorization policies of account " + ACCOUNT + " cannot be read: IAM refused to let the "
							+ "broker assume trusted profile 's2s-broker' in account " + ACCOUNT
							+ " (broker.iam.accounts.default-profile-name): Trusted profile 's2s-broker' in account "
							+ ACCOUNT + " not found.")
			.at(instance)
			.summarized("The broker has no identity in the account: here IAM refused the trusted profile the "
					+ "broker assumes there (see GET /v1/accounts/{accountId}/identity)");
	}

	private static Example iamUnavailable(String instance) {
		return ProblemExample
			.of("iam-unavailable", "IAM unavailable", 503,
					"The authorization policies of account " + ACCOUNT + " could not be read from IAM: IAM "
							+ "unavailable: transport_error HttpTimeoutException; repeat the request later")
			.at(instance)
			.summarized("IAM did not answer the account's policies");
	}

}

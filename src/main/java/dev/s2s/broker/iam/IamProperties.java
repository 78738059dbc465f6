package dev.s2s.broker.iam;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the broker reaches IBM Cloud IAM. The token endpoint ({@code /identity/token}) and
 * the Policy Management API ({@code /v1/policies}, {@code /v2/roles}) live under
 * {@code url}.
 *
 * @param url base URL of IAM
 * @param apiKey the API key exchanged for IAM access tokens; a secret, never logged or
 * returned
 * @param connectTimeout how long to wait for a TCP connection to IAM
 * @param readTimeout how long to wait for IAM's answer to one request
 * @param retry how transient failures (429, 5xx, timeouts, resets) are retried
 * @param maxConcurrency the most policies one broker instance works on at IAM at once
 * (the one knob of an instance's pace: each policy is one exchange with IAM at a time);
 * every 429 halves the current limit, every success raises it by one again
 * @param clusterMaxConcurrency the most policies all broker instances sharing the
 * database work on at IAM at once, counted from their live claims: IAM's limits hold for
 * the API key, not for one instance
 * @param confirmTimeout how long a policy IAM created (or named as existing) may read as
 * 404 by its id ({@code GET /v1/policies/{id}}) before the broker gives up on it: IAM is
 * eventually consistent, and a policy counts as done only once IAM serves it
 * @param rolesTtl how long the roles IAM offers for a pair of services
 * ({@code GET /v2/roles}) are reused before IAM is asked again; zero asks on every plan
 * and grant. An empty list is never reused.
 * @param rolesReadTimeout how long a plan or grant waits for IAM's answer to its one read
 * of a pair's roles (never retried); beyond it, or on any error of IAM, the catalog's
 * pinned role CRNs are used and recorded as unchecked
 */
@Validated
@ConfigurationProperties("broker.iam")
public record IamProperties(@DefaultValue("https://iam.cloud.ibm.com") @NotNull URI url, @NotBlank(
		message = "must be set to the IAM API key the broker acts with (environment BROKER_IAM_API_KEY)") String apiKey,
		@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue("30s") @NotNull Duration readTimeout,
		@DefaultValue @Valid Retry retry, @DefaultValue("8") @Min(1) @Max(1024) int maxConcurrency,
		@DefaultValue("32") @Min(1) int clusterMaxConcurrency, @DefaultValue("30s") @NotNull Duration confirmTimeout,
		@DefaultValue("1h") @NotNull Duration rolesTtl, @DefaultValue("2s") @NotNull Duration rolesReadTimeout) {

	public IamProperties {
		if (rolesTtl != null && rolesTtl.isNegative()) {
			throw new IllegalArgumentException("broker.iam.roles-ttl must not be negative");
		}
		if (confirmTimeout != null && (confirmTimeout.isNegative() || confirmTimeout.isZero())) {
			throw new IllegalArgumentException("broker.iam.confirm-timeout must be positive");
		}
		if (rolesReadTimeout != null && (rolesReadTimeout.isNegative() || rolesReadTimeout.isZero())) {
			throw new IllegalArgumentException("broker.iam.roles-read-timeout must be positive");
		}
	}

	/**
	 * @param maxAttempts attempts per IAM operation, the first included
	 * @param initialBackoff pause after the first transient failure
	 * @param multiplier growth of the pause per further failure
	 * @param maxBackoff the longest pause between two attempts (before jitter)
	 * @param maxRetryAfter the longest {@code Retry-After} of a 429 the broker honours
	 */
	public record Retry(@DefaultValue("10") @Min(1) int maxAttempts,
			@DefaultValue("500ms") @NotNull Duration initialBackoff,
			@DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
			@DefaultValue("30s") @NotNull Duration maxBackoff, @DefaultValue("60s") @NotNull Duration maxRetryAfter) {
	}

	@Override
	public String toString() {
		return "IamProperties[url=" + url + ", apiKey=******, connectTimeout=" + connectTimeout + ", readTimeout="
				+ readTimeout + ", retry=" + retry + ", maxConcurrency=" + maxConcurrency + ", clusterMaxConcurrency="
				+ clusterMaxConcurrency + ", confirmTimeout=" + confirmTimeout + ", rolesTtl=" + rolesTtl
				+ ", rolesReadTimeout=" + rolesReadTimeout + "]";
	}

}

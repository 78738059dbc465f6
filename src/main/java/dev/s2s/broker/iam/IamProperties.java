package dev.s2s.broker.iam;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
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
 * @param maxConcurrency the most submissions one broker instance sends to IAM at once;
 * every 429 halves the current limit, every success raises it by one again
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
		@DefaultValue @Valid Retry retry, @DefaultValue("8") @Min(1) int maxConcurrency,
		@DefaultValue("1h") @NotNull Duration rolesTtl, @DefaultValue("2s") @NotNull Duration rolesReadTimeout) {

	public IamProperties {
		if (rolesTtl != null && rolesTtl.isNegative()) {
			throw new IllegalArgumentException("broker.iam.roles-ttl must not be negative");
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
	public record Retry(@DefaultValue("6") @Min(1) int maxAttempts,
			@DefaultValue("500ms") @NotNull Duration initialBackoff,
			@DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
			@DefaultValue("30s") @NotNull Duration maxBackoff, @DefaultValue("60s") @NotNull Duration maxRetryAfter) {
	}

	@Override
	public String toString() {
		return "IamProperties[url=" + url + ", apiKey=******, connectTimeout=" + connectTimeout + ", readTimeout="
				+ readTimeout + ", retry=" + retry + ", maxConcurrency=" + maxConcurrency + ", rolesTtl=" + rolesTtl
				+ ", rolesReadTimeout=" + rolesReadTimeout + "]";
	}

}

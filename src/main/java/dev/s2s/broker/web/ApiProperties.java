package dev.s2s.broker.web;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the API takes requests and how long it lets them wait, all under
 * {@code broker.api}.
 *
 * @param maxBodyBytes the largest request body the API accepts (a 1000-intent batch is
 * about 100 KB)
 * @param bodyReadTimeout the longest a request body may take to arrive, in all (Tomcat's
 * {@code server.tomcat.connection-timeout} bounds each pause within it)
 * @param maxWaiters the most requests this instance keeps waiting at once for background
 * work when a caller sends {@code Prefer: wait} (RFC 7240); beyond it a request is
 * answered at once, as if it had not asked to wait (202 with {@code Location}, no
 * {@code Preference-Applied}). On JDK 17 each waiter holds one of the server's request
 * threads (200 by default): issue 13 saw 230 waiters make the liveness probe take 53 s. 0
 * never waits.
 */
@Validated
@ConfigurationProperties("broker.api")
public record ApiProperties(@DefaultValue("1048576") @Min(1024) int maxBodyBytes,
		@DefaultValue("30s") Duration bodyReadTimeout, @DefaultValue("32") @Min(0) int maxWaiters) {

	public ApiProperties {
		if (bodyReadTimeout == null) {
			bodyReadTimeout = Duration.ofSeconds(30);
		}
		if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
			throw new IllegalArgumentException("broker.api.body-read-timeout must be positive");
		}
	}

}

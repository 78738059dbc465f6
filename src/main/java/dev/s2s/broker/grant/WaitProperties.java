package dev.s2s.broker.grant;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the API waits for background work when a caller sends {@code Prefer: wait} (RFC
 * 7240); beside {@code broker.api.max-body-bytes}, which the shared web package binds.
 *
 * @param maxWaiters the most requests this instance keeps waiting at once; beyond it a
 * request is answered at once, as if it had not asked to wait (202 with {@code Location},
 * no {@code Preference-Applied}). On JDK 17 each waiter holds one of the server's request
 * threads (200 by default): issue 13 saw 230 waiters make the liveness probe take 53 s. 0
 * never waits.
 */
@Validated
@ConfigurationProperties("broker.api")
record WaitProperties(@DefaultValue("32") @Min(0) int maxWaiters) {
}

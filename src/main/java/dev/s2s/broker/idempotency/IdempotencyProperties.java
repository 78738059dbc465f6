package dev.s2s.broker.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotency keys on POST requests.
 *
 * @param retention how long a key and its response are kept (the draft asks for at least
 * 24 hours)
 * @param processingTimeout a key whose first request has been processing this long is
 * taken as abandoned (its broker died) and may be used again
 * @param maxBodyBytes the largest request body accepted with an Idempotency-Key
 */
@Validated
@ConfigurationProperties("broker.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") @NotNull Duration retention,
		@DefaultValue("5m") @NotNull Duration processingTimeout, @DefaultValue("1048576") @Min(1024) int maxBodyBytes) {
}

package dev.s2s.broker.grant;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The scheduled reconciler that verifies live grants against IAM and records drift.
 *
 * @param enabled whether this instance runs it
 * @param interval pause between two batches
 * @param batchSize grants verified per batch, one after the other, so IAM is never
 * flooded
 */
@Validated
@ConfigurationProperties("broker.reconciler")
public record ReconcilerProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("10m") @NotNull Duration interval, @DefaultValue("20") @Min(1) @Max(500) int batchSize) {
}

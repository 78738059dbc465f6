package dev.s2s.broker.inventory;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Inventories, which read IAM while their caller waits.
 *
 * @param readTimeout how long an inventory waits for IAM's answer to each page of the
 * account's policies (never retried); beyond it, or on any error of IAM, the inventory
 * fails with 503. An account of N pages answers within about N times this.
 */
@Validated
@ConfigurationProperties("broker.inventory")
public record InventoryProperties(@DefaultValue("5s") @NotNull Duration readTimeout) {

	public InventoryProperties {
		if (readTimeout != null && (readTimeout.isNegative() || readTimeout.isZero())) {
			throw new IllegalArgumentException("broker.inventory.read-timeout must be positive");
		}
	}

}

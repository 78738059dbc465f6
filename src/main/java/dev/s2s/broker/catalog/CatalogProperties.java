package dev.s2s.broker.catalog;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Plans, which read IAM while their caller waits.
 *
 * @param planReadTimeout how long a plan waits for IAM's answer to its one read of each
 * document (never retried); beyond it, or on any error of IAM, the document's state is
 * {@code UNKNOWN}. A plan of N documents answers within about N times this.
 */
@Validated
@ConfigurationProperties("broker.catalog")
public record CatalogProperties(@DefaultValue("2s") @NotNull Duration planReadTimeout) {

	public CatalogProperties {
		if (planReadTimeout != null && (planReadTimeout.isNegative() || planReadTimeout.isZero())) {
			throw new IllegalArgumentException("broker.catalog.plan-read-timeout must be positive");
		}
	}

}

package dev.s2s.broker.access;

import io.swagger.v3.oas.annotations.media.Schema;

/** What a caller may be allowed to do. */
@Schema(name = "AuditOperation", enumAsRef = true)
public enum Operation {

	/** Read recipes, grants, batches, attempts and audit events. */
	READ,
	/** Plan intents (reads IAM, changes nothing). */
	PLAN,
	/** Grant intents, and retry, verify or repair grants. */
	GRANT,
	/** Revoke grants. */
	REVOKE,
	/** Grant batches of intents. */
	BULK,
	/** Scrape the broker's metrics ({@code /actuator/prometheus}). */
	METRICS

}

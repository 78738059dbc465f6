package dev.s2s.broker.grant;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the last read-back of a policy from IAM found. */
@Schema(enumAsRef = true)
public enum Drift {

	/** Present in IAM and equal to the document. */
	IN_SYNC,
	/** Deleted out of band; {@code POST /v1/grants/{id}/repair} re-creates it. */
	MISSING,
	/** Present in IAM but edited out of band. */
	CHANGED,
	/**
	 * Present in IAM without some of its roles, removed out of band; {@code POST
	 * /v1/grants/{id}/repair} adds them back (issue 20).
	 */
	ROLES_MISSING,
	/** IAM could not be read. */
	UNKNOWN

}

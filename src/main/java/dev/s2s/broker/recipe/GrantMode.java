package dev.s2s.broker.recipe;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How the broker makes an intent hold in IAM (issue 23): by creating what IAM lacks, or
 * only by adopting what others made there.
 */
@Schema(enumAsRef = true)
public enum GrantMode {

	/**
	 * The broker creates each policy IAM lacks (or adds the roles it lacks), adopts an
	 * equal one it finds, and deletes what it created when the grant is revoked.
	 */
	CREATE,
	/**
	 * Policies are made elsewhere (a Terraform module with
	 * {@code skip_iam_authorization_policy}, the console): the broker only checks that
	 * IAM holds each one for its subject and resource with at least its roles, and adopts
	 * it ({@code EXISTED}) or fails it as {@code policy_missing}. It never writes to IAM:
	 * not when submitting, repairing nor revoking.
	 */
	ADOPT

}

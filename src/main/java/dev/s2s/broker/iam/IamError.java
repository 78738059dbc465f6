package dev.s2s.broker.iam;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * What IAM (or the way to it) answered when an operation did not succeed.
 *
 * @param status the HTTP status, or null when no answer arrived (timeout, reset)
 * @param code IAM's error code, e.g. {@code invalid_body}, or the broker's name for a
 * transport failure
 * @param message IAM's message, kept as IAM wrote it
 * @param trace IAM's trace id, to quote to IBM support
 */
public record IamError(
		@Schema(description = "The HTTP status IAM answered; absent when no answer arrived (timeout, reset)",
				example = "400") @Nullable Integer status,
		@Schema(example = "invalid_body") String code,
		@Schema(example = "Invalid body format. Check the input parameters.") String message,
		@Schema(description = "IAM's trace id, to quote to IBM support; absent when IAM sent none",
				example = "9d1f7b3c5e2a4f60a8c1b7e3d5f9a2c4") @Nullable String trace) {

	/**
	 * IAM asked to slow down (429): pacing, not a failure of the request, so it never
	 * uses up one of a policy's {@code broker.iam.retry.max-attempts} (issue 21: with a
	 * second of 429s every ten seconds, a policy could fail from being paced alone).
	 */
	public boolean throttled() {
		return status != null && status == Answer.THROTTLED;
	}

}

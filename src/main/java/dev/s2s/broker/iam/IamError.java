package dev.s2s.broker.iam;

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
public record IamError(@Nullable Integer status, String code, String message, @Nullable String trace) {
}

/**
 * The Idempotency-Key header on every POST of the API: the keys seen per caller, with the
 * first answer to each. The servlet filter that honours the header is in the {@code web}
 * subpackage.
 */
@NullMarked
package dev.s2s.broker.idempotency;

import org.jspecify.annotations.NullMarked;

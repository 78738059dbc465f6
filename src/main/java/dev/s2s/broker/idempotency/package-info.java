/**
 * The Idempotency-Key header on every POST of the API: a servlet filter and its table.
 */
@NullMarked
package dev.s2s.broker.idempotency;

import org.jspecify.annotations.NullMarked;

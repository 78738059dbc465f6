/**
 * The Idempotency-Key filter in front of every POST of the API.
 */
@NullMarked
package dev.s2s.broker.idempotency.web;

import org.jspecify.annotations.NullMarked;

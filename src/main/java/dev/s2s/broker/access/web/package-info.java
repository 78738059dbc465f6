/**
 * The audit trail over HTTP: GET /v1/audit-events.
 */
@NullMarked
package dev.s2s.broker.access.web;

import org.jspecify.annotations.NullMarked;

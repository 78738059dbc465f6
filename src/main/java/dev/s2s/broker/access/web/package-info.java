/**
 * Access over HTTP: the audit trail (GET /v1/audit-events) and the rule in front of the
 * metrics (a filter on /actuator/prometheus).
 */
@NullMarked
package dev.s2s.broker.access.web;

import org.jspecify.annotations.NullMarked;

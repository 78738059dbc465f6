/**
 * Who may do what (deny-by-default rules from configuration, scoped by account) and the
 * audit trail of every decision.
 */
@NullMarked
package dev.s2s.broker.access;

import org.jspecify.annotations.NullMarked;

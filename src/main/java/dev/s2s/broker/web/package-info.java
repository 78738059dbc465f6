/**
 * What every controller shares: RFC 9457 problems (every feature's refusal answered in
 * one place, and the examples every operation shares), strict input, security, OpenAPI.
 * Depends on no feature: each feature's web package shows its own problems through
 * {@link dev.s2s.broker.web.ProblemExamples}.
 */
@NullMarked
package dev.s2s.broker.web;

import org.jspecify.annotations.NullMarked;

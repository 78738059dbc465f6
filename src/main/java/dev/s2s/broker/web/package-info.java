/**
 * What every controller shares: RFC 9457 problems, strict input, security, OpenAPI.
 * Depends on no feature.
 */
@NullMarked
package dev.s2s.broker.web;

import org.jspecify.annotations.NullMarked;

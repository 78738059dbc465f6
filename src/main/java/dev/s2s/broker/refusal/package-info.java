/**
 * What a caller is told when the broker refuses a request: each refusal is a fact named
 * by its feature ({@code GrantNotFound}, {@code AccessDenied}) and carries everything the
 * caller sees. Depends on nothing else of ours, nor on HTTP: the {@code web} package
 * answers every refusal as an RFC 9457 problem, in one place.
 */
@NullMarked
package dev.s2s.broker.refusal;

import org.jspecify.annotations.NullMarked;

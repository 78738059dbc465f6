package dev.s2s.broker.recipe;

/**
 * One reason an intent was refused, naming the request field at fault (e.g.
 * {@code parameters.accountId}).
 */
public record FieldViolation(String field, String message) {
}

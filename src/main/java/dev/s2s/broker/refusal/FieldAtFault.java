package dev.s2s.broker.refusal;

/**
 * A request field at fault (body property, query parameter or header, e.g.
 * {@code parameters.accountId}) and what is wrong with it.
 */
public record FieldAtFault(String field, String message) {
}

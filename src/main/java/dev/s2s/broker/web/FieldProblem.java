package dev.s2s.broker.web;

/**
 * One entry of a problem's {@code errors}: a request field (body property, query
 * parameter or header, e.g. {@code parameters.accountId}) and what is wrong with it.
 */
public record FieldProblem(String field, String message) {
}

/**
 * The IAM adapter: the broker's only way to IAM (tokens, the Policy Management API and
 * its roles, retries, error mapping). Knows no other feature but the recipe catalog's
 * policy documents.
 */
@NullMarked
package dev.s2s.broker.iam;

import org.jspecify.annotations.NullMarked;

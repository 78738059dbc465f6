/**
 * The catalog of recipes and the pure expansion of intents into IAM policy documents.
 * Depends on nothing else of ours, nor on HTTP or SQL.
 */
@NullMarked
package dev.s2s.broker.recipe;

import org.jspecify.annotations.NullMarked;

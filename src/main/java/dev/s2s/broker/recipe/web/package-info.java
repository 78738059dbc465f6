/**
 * The catalog's refusals (invalid intents, unknown recipes) as RFC 9457 problems,
 * wherever an intent is checked.
 */
@NullMarked
package dev.s2s.broker.recipe.web;

import org.jspecify.annotations.NullMarked;

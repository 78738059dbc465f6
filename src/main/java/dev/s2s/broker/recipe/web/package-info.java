/**
 * The catalog's refusals (invalid intents, unknown recipes) as RFC 9457 problems,
 * wherever an intent is checked; and intents of the built-in recipes as the examples of
 * the API's request bodies.
 */
@NullMarked
package dev.s2s.broker.recipe.web;

import org.jspecify.annotations.NullMarked;

/**
 * The recipe catalog as callers see it: recipes, and plans of what an intent would submit
 * (reads IAM, changes nothing).
 */
@NullMarked
package dev.s2s.broker.catalog;

import org.jspecify.annotations.NullMarked;

/**
 * Recipes and plans over HTTP: GET /v1/recipes, POST /v1/plans.
 */
@NullMarked
package dev.s2s.broker.catalog.web;

import org.jspecify.annotations.NullMarked;

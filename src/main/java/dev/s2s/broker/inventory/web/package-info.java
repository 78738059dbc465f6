/**
 * The inventory over HTTP: GET /v1/accounts/{accountId}/authorizations and /identity.
 */
@NullMarked
package dev.s2s.broker.inventory.web;

import org.jspecify.annotations.NullMarked;

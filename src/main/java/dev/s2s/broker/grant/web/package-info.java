/**
 * Grants and batches over HTTP, with the typed shortcuts (backup, DNS sharing);
 * translation only, decisions live in the services.
 */
@NullMarked
package dev.s2s.broker.grant.web;

import org.jspecify.annotations.NullMarked;

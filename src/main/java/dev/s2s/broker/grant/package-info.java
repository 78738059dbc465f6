/**
 * Grants: recorded intents, their policies in IAM, the work queue and its worker,
 * verification, batches. The only feature that writes the grant tables.
 */
@NullMarked
package dev.s2s.broker.grant;

import org.jspecify.annotations.NullMarked;

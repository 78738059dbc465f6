package dev.s2s.broker.grant;

/**
 * Policies were put in the work queue (new grants, retries, repairs, revokes); published
 * in the transaction that queued them, so the worker wakes only once they are committed
 * and visible.
 */
record PoliciesQueued() {
}

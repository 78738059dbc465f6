/**
 * The inventory of an account: its IAM authorization policies read back into recipes and
 * parameters, whether the broker holds each, and which intents they satisfy (reads IAM
 * and the grants, changes nothing).
 */
@NullMarked
package dev.s2s.broker.inventory;

import org.jspecify.annotations.NullMarked;

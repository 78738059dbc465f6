/**
 * The broker: provisions IBM Cloud IAM service-to-service authorizations from intents.
 * Packages by feature; see README's "How it is built" for which may use which
 * (ArchitectureTest enforces it).
 */
@NullMarked
package dev.s2s.broker;

import org.jspecify.annotations.NullMarked;

/**
 * What every repository shares: timestamps as the system of record keeps them, bounded
 * columns, and an embedded H2 database that outlives the submission worker on shutdown.
 */
@NullMarked
package dev.s2s.broker.persistence;

import org.jspecify.annotations.NullMarked;

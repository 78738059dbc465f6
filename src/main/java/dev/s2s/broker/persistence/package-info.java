/**
 * What every repository shares: timestamps as the system of record keeps them, and
 * bounded columns.
 */
@NullMarked
package dev.s2s.broker.persistence;

import org.jspecify.annotations.NullMarked;

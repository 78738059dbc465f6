package dev.s2s.broker.persistence;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Component;

/**
 * The time as the system of record keeps it: UTC, to the microsecond (PostgreSQL's
 * precision), so a timestamp read back equals the one written and compares as expected in
 * SQL.
 */
@Component
public class Timestamps {

	private final Clock clock;

	Timestamps(Clock clock) {
		this.clock = clock;
	}

	public OffsetDateTime now() {
		return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

}

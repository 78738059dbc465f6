package dev.s2s.broker.access.web;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import dev.s2s.broker.access.AuditEvent;
import dev.s2s.broker.access.AuditQuery;
import dev.s2s.broker.access.AuditTrail;
import dev.s2s.broker.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1/audit-events", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Audit", description = "Who asked for what, allowed or denied")
class AuditController {

	private final AuditTrail trail;

	AuditController(AuditTrail trail) {
		this.trail = trail;
	}

	@GetMapping
	@Operation(operationId = "listAuditEvents", summary = "List audit events, newest first",
			description = "Every grant, revoke and denied request, with the caller's identity: only events whose "
					+ "accounts the caller may all read.")
	List<AuditEvent> events(
			@RequestParam(required = false) @Pattern(regexp = "^[0-9a-f]{32}$",
					message = "must be 32 lowercase hexadecimal characters") String accountId,
			@RequestParam(required = false) @Pattern(regexp = "^\\P{Cntrl}{1,256}$",
					message = "must be 1 to 256 characters, none of them control characters") String caller,
			@RequestParam(required = false) UUID grantId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
			@RequestParam(defaultValue = "0") @Min(value = 0, message = "must not be negative") int page,
			@RequestParam(defaultValue = "50") @Min(value = 1, message = "must be at least 1") @Max(value = 500,
					message = "must be at most 500") int size) {
		return trail.events(new AuditQuery(accountId, caller, grantId, withinCalendar("from", from),
				withinCalendar("to", to), page, size));
	}

	/**
	 * A time the database can compare: ISO 8601 allows years in the millions, which
	 * PostgreSQL's timestamps cannot hold.
	 */
	private static @Nullable OffsetDateTime withinCalendar(String field, @Nullable OffsetDateTime time) {
		if (time != null && (time.getYear() < 1 || time.getYear() > 9999)) {
			throw new InvalidRequest(field, "must be a time between the years 1 and 9999");
		}
		return time;
	}

}

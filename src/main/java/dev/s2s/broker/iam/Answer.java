package dev.s2s.broker.iam;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

/**
 * What IAM answered to one exchange.
 *
 * @param body the JSON body, an empty object when there was none
 * @param error IAM's error for a status of 400 and above, else null
 */
record Answer(int status, HttpHeaders headers, JsonNode body, IamError error) {

	/**
	 * IAM's answer as it arrived; a body that is empty or not JSON reads as an empty
	 * object. IAM's error is its first of {@code errors}, else the body itself.
	 */
	static Answer of(int status, HttpHeaders headers, byte[] bytes, JsonMapper json) {
		JsonNode body;
		try {
			body = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
		}
		catch (JacksonException ex) {
			body = json.createObjectNode();
		}
		IamError error = null;
		if (status >= 400) {
			JsonNode first = body.path("errors").path(0);
			String trace = body.path("trace").asString(headers.getFirst("Transaction-Id"));
			error = first.isObject()
					? new IamError(status, first.path("code").asString("unknown"), first.path("message").asString(""),
							trace)
					: new IamError(status, "http_" + status,
							IamTransport.abbreviate(new String(bytes, StandardCharsets.UTF_8)), trace);
		}
		return new Answer(status, headers, body, error);
	}

	/** IAM's status for "slow down": pacing, never a failure of the request itself. */
	static final int THROTTLED = 429;

	/** Whether IAM asked the broker to slow down (429). */
	boolean throttled() {
		return status == THROTTLED;
	}

	/**
	 * Whether a read of a policy found it gone: 404, or a 200 with {@code state}
	 * {@code deleted} (IAM keeps deleted policies readable for a while).
	 */
	boolean gone() {
		return status == 404 || (status == 200 && "deleted".equals(body.path("state").asString("")));
	}

	/**
	 * {@code Retry-After} as delta-seconds (what IAM sends) or an HTTP date (RFC 9110
	 * §10.2.3); null when absent or neither.
	 */
	@Nullable Duration retryAfter(Clock clock) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException notSeconds) {
			try {
				Duration until = Duration.between(clock.instant(),
						ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (DateTimeParseException neither) {
				return null;
			}
		}
	}

}

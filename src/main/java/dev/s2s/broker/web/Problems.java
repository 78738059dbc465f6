package dev.s2s.broker.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import dev.s2s.broker.refusal.FieldAtFault;
import dev.s2s.broker.refusal.Refusal;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The broker's RFC 9457 problems, built in one place. A problem's {@code type} is
 * {@code urn:s2s-broker:problem:<kind>}; problems about the request carry {@code errors},
 * a list of {@code {field, message}} naming each bad field: the first
 * {@value #MAX_ERRORS}, with {@code moreErrors} counting the rest. Every {@link Refusal}
 * of a feature is answered here alike: its kind, title, detail, fields at fault and
 * {@code Retry-After}, as it states them.
 */
public final class Problems {

	/** The media type of every error the broker answers. */
	public static final String MEDIA_TYPE = "application/problem+json";

	/**
	 * The most fields a problem lists. Issue 13: a batch of 1,000 intents with 50 bad
	 * parameters each (632 KB) answered a 6.8 MB 400 naming all 51,000.
	 */
	public static final int MAX_ERRORS = 100;

	private static final String TYPE_PREFIX = "urn:s2s-broker:problem:";

	/**
	 * The type of a problem with no more to say than its status (RFC 9457 section 4.2.1).
	 */
	static final URI BLANK = URI.create("about:blank");

	private Problems() {
	}

	/** A problem of the broker's own kinds. */
	public static ProblemDetail of(HttpStatus status, String title, String detail, String kind) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create(TYPE_PREFIX + kind));
		return problem;
	}

	/**
	 * A problem that names the request fields at fault: the first {@value #MAX_ERRORS} in
	 * {@code errors}; beyond them, {@code moreErrors} counts the rest and the detail says
	 * so.
	 */
	public static ProblemDetail of(HttpStatus status, String title, String detail, String kind,
			List<FieldAtFault> errors) {
		int more = Math.max(0, errors.size() - MAX_ERRORS);
		ProblemDetail problem = of(status, title, more == 0 ? detail
				: detail + " (the first " + MAX_ERRORS + " of " + errors.size() + " fields at fault are listed)", kind);
		problem.setProperty("errors",
				errors.stream()
					.limit(MAX_ERRORS)
					.map(error -> Map.of("field", error.field(), "message", error.message()))
					.toList());
		if (more > 0) {
			problem.setProperty("moreErrors", more);
		}
		return problem;
	}

	/** The problem a refusal states; {@code errors} only if it names fields at fault. */
	public static ProblemDetail of(Refusal refusal) {
		HttpStatus status = HttpStatus.valueOf(refusal.status());
		return refusal.fieldsAtFault().isEmpty() ? of(status, refusal.title(), refusal.detail(), refusal.kind())
				: of(status, refusal.title(), refusal.detail(), refusal.kind(), refusal.fieldsAtFault());
	}

	/** The answer to a refusal in Spring MVC: its status, problem and headers. */
	static ResponseEntity<ProblemDetail> answer(Refusal refusal) {
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(refusal.status());
		retryAfter(refusal).ifPresent(seconds -> answer.header(HttpHeaders.RETRY_AFTER, seconds));
		return answer.body(of(refusal));
	}

	/** A 400 naming each bad field. */
	public static ProblemDetail invalid(String detail, List<FieldAtFault> errors) {
		return of(HttpStatus.BAD_REQUEST, "Invalid request", detail, "invalid-request", errors);
	}

	/**
	 * Writes a problem as the whole response, for answers given outside Spring MVC
	 * (filters, security).
	 */
	public static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MEDIA_TYPE);
		response.getOutputStream().write(json.writeValueAsBytes(problem));
	}

	/**
	 * Writes the answer to a refusal as the whole response, for refusals outside Spring
	 * MVC (filters).
	 */
	public static void write(HttpServletResponse response, JsonMapper json, Refusal refusal) throws IOException {
		retryAfter(refusal).ifPresent(seconds -> response.setHeader(HttpHeaders.RETRY_AFTER, seconds));
		write(response, json, of(refusal));
	}

	/** {@code Retry-After} as delta-seconds (RFC 9110 section 10.2.3). */
	private static Optional<String> retryAfter(Refusal refusal) {
		return refusal.retryAfter().map(after -> String.valueOf(after.toSeconds()));
	}

}

package dev.s2s.broker.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The broker's RFC 9457 problems, built in one place. A problem's {@code type} is
 * {@code urn:s2s-broker:problem:<kind>}; problems about the request carry {@code errors},
 * a list of {@code {field, message}} naming each bad field: the first
 * {@value #MAX_ERRORS}, with {@code moreErrors} counting the rest.
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
			List<FieldProblem> errors) {
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

	/** A 400 naming each bad field. */
	public static ProblemDetail invalid(String detail, List<FieldProblem> errors) {
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

}

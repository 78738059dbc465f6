package dev.s2s.broker.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.access.AccessDenied;
import dev.s2s.broker.grant.GrantBatchNotFound;
import dev.s2s.broker.grant.GrantNotFound;
import dev.s2s.broker.grant.GrantNotRetryable;
import dev.s2s.broker.grant.GrantNotRevocable;
import dev.s2s.broker.grant.GrantNotVerifiable;
import dev.s2s.broker.recipe.FieldViolation;
import dev.s2s.broker.recipe.InvalidIntent;
import dev.s2s.broker.recipe.RecipeNotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a caller sees, as an RFC 9457 problem ({@code application/problem+json}). Problems
 * about the request carry {@code errors}: a list of {@code {field, message}} naming each bad field.
 * Nothing internal (stack traces, SQL, secrets) ever reaches the body.
 */
@RestControllerAdvice
public class ProblemDetails extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

	private static final URI INVALID_REQUEST = URI.create("urn:s2s-broker:problem:invalid-request");

	private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern
		.compile("Duplicate (?:Object property|field) \"([^\"]{0,64})");

	@ExceptionHandler
	ResponseEntity<Object> invalidIntent(InvalidIntent ex) {
		return invalid("The intent does not fit the recipe catalog", ex.violations());
	}

	@ExceptionHandler
	ResponseEntity<Object> invalidField(InvalidField ex) {
		return invalid("The request is not valid", List.of(new FieldViolation(ex.field(), ex.getMessage())));
	}

	@ExceptionHandler
	ResponseEntity<Object> recipeNotFound(RecipeNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "Recipe not found", ex.getMessage(), "recipe-not-found");
	}

	@ExceptionHandler
	ResponseEntity<Object> grantNotFound(GrantNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "Grant not found", ex.getMessage(), "grant-not-found");
	}

	@ExceptionHandler
	ResponseEntity<Object> grantBatchNotFound(GrantBatchNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "Grant batch not found", ex.getMessage(), "grant-batch-not-found");
	}

	@ExceptionHandler
	ResponseEntity<Object> grantNotRetryable(GrantNotRetryable ex) {
		return problem(HttpStatus.CONFLICT, "Grant cannot be retried", ex.getMessage(), "grant-not-retryable");
	}

	@ExceptionHandler
	ResponseEntity<Object> grantNotRevocable(GrantNotRevocable ex) {
		return problem(HttpStatus.CONFLICT, "Grant cannot be revoked yet", ex.getMessage(), "grant-not-revocable");
	}

	@ExceptionHandler
	ResponseEntity<Object> grantNotVerifiable(GrantNotVerifiable ex) {
		return problem(HttpStatus.CONFLICT, "Grant cannot be verified or repaired now", ex.getMessage(),
				"grant-not-verifiable");
	}

	@ExceptionHandler
	ResponseEntity<Object> accessDenied(AccessDenied ex) {
		return problem(HttpStatus.FORBIDDEN, "Forbidden", ex.getMessage(), "forbidden");
	}

	@ExceptionHandler
	ResponseEntity<Object> unexpected(Exception ex) {
		log.error("Unexpected failure while handling a request", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"The broker failed unexpectedly; nothing about the failure is shown here, see the broker's log",
				"internal-error");
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			return invalid("The request body does not match the expected JSON",
					List.of(new FieldViolation(path(databind), describe(databind))));
		}
		if (cause instanceof JacksonException jackson && jackson.getOriginalMessage() != null) {
			java.util.regex.Matcher duplicate = DUPLICATE.matcher(jackson.getOriginalMessage());
			if (duplicate.find()) {
				return invalid("The request body is not valid JSON",
						List.of(new FieldViolation(duplicate.group(1), "appears twice in the same object")));
			}
			if (jackson instanceof tools.jackson.core.exc.StreamConstraintsException) {
				return invalid("The request body is too large in one of its parts",
						List.of(new FieldViolation("body", "exceeds a limit: strings up to 10000 characters, nesting up to 32 levels")));
			}
		}
		if (cause instanceof JacksonException jackson) {
			String where = jackson.getLocation() == null ? ""
					: " at line " + jackson.getLocation().getLineNr() + ", column " + jackson.getLocation().getColumnNr();
			return invalid("The request body is not valid JSON",
					List.of(new FieldViolation("body", "is not valid JSON" + where)));
		}
		return invalid("The request body is missing or unreadable",
				List.of(new FieldViolation("body", "is required: a JSON object")));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			violations.add(new FieldViolation(error.getField(), error.getDefaultMessage()));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach(error -> violations.add(new FieldViolation(error.getObjectName(), error.getDefaultMessage())));
		return invalid("The request is not valid", violations);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		ex.getParameterValidationResults()
			.forEach(result -> result.getResolvableErrors()
				.forEach(error -> violations.add(new FieldViolation(result.getMethodParameter().getParameterName(),
						error.getDefaultMessage()))));
		return invalid("The request is not valid", violations);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String field = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
				: String.valueOf(ex.getPropertyName());
		String expected = ex.getRequiredType() == null ? "of another type"
				: ex.getRequiredType().isEnum() ? "one of " + List.of(ex.getRequiredType().getEnumConstants())
						: "a valid " + ex.getRequiredType().getSimpleName();
		return invalid("The request is not valid", List.of(new FieldViolation(field, "must be " + expected)));
	}

	private static String path(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		for (var reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	/** Says what is wrong in the caller's terms, never in Java's (no class names leak out). */
	private static String describe(DatabindException ex) {
		String message = ex.getOriginalMessage() == null ? "" : ex.getOriginalMessage();
		if (message.startsWith("Unrecognized property") || message.startsWith("Unrecognized field")) {
			return "is not a known property";
		}
		if (ex instanceof tools.jackson.databind.exc.MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			Class<?> target = mismatch.getTargetType();
			String expected = CharSequence.class.isAssignableFrom(target) ? "a string"
					: java.util.Map.class.isAssignableFrom(target) || target.isRecord() ? "an object"
							: java.util.Collection.class.isAssignableFrom(target) || target.isArray() ? "an array"
									: Number.class.isAssignableFrom(target) || target.isPrimitive() ? "a number" : "another type";
			return "has the wrong type: must be " + expected;
		}
		return "has the wrong type or format";
	}

	private static ResponseEntity<Object> invalid(String detail, List<FieldViolation> violations) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(INVALID_REQUEST);
		problem.setTitle("Invalid request");
		problem.setProperty("errors",
				violations.stream().map(v -> Map.of("field", v.field(), "message", v.message())).toList());
		return ResponseEntity.badRequest().body(problem);
	}

	private static ResponseEntity<Object> problem(HttpStatus status, String title, String detail, String type) {
		return ResponseEntity.status(status).body(of(status, title, detail, type));
	}

	/** A problem of the broker's own kinds; also for answers written outside Spring MVC (filters). */
	public static ProblemDetail of(HttpStatus status, String title, String detail, String type) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("urn:s2s-broker:problem:" + type));
		return problem;
	}

}

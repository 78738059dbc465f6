package dev.s2s.broker.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.s2s.broker.refusal.FieldAtFault;
import dev.s2s.broker.refusal.Refusal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What every controller shares for errors: Spring MVC's own (unreadable bodies, bad
 * parameters, validation) as RFC 9457 problems naming each bad field, every
 * {@link Refusal} as the problem it states, and a last resort for the unexpected that
 * shows nothing internal. It knows no feature: a feature's refusals state their own
 * wording, or the feature maps its exceptions next to its controllers. It is ordered
 * last, so those feature handlers come first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemDetails extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

	private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:Object property|field) \"([^\"]{0,64})");

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(Refusal refusal) {
		return Problems.answer(refusal);
	}

	/**
	 * The database cannot be reached (no connection within
	 * {@code spring.datasource.hikari.connection-timeout}): a prompt 503 to repeat later,
	 * never a 500 after a long wait (issue 19). Nothing was recorded or changed.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, CannotCreateTransactionException.class })
	ResponseEntity<Object> databaseUnavailable(Exception ex) {
		log.warn("The database is unreachable: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
					"The broker cannot reach its database now; nothing was recorded or changed. Repeat the request "
							+ "later",
					"database-unavailable"));
	}

	@ExceptionHandler
	ResponseEntity<Object> unexpected(Exception ex) {
		log.error("Unexpected failure while handling a request", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
					"The broker failed unexpectedly; nothing about the failure is shown here, see the broker's log",
					"internal-error"));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			return invalid("The request body does not match the expected JSON", path(databind), describe(databind));
		}
		if (cause instanceof JacksonException jackson && jackson.getOriginalMessage() != null) {
			Matcher duplicate = DUPLICATE.matcher(jackson.getOriginalMessage());
			if (duplicate.find()) {
				return invalid("The request body is not valid JSON", duplicate.group(1),
						"appears twice in the same object");
			}
			if (jackson instanceof StreamConstraintsException) {
				return invalid("The request body is too large in one of its parts", "body",
						"exceeds a limit: strings up to 10000 characters, nesting up to 32 levels");
			}
		}
		if (cause instanceof JacksonException jackson) {
			String where = jackson.getLocation() == null ? "" : " at line " + jackson.getLocation().getLineNr()
					+ ", column " + jackson.getLocation().getColumnNr();
			return invalid("The request body is not valid JSON", "body", "is not valid JSON" + where);
		}
		return invalid("The request body is missing or unreadable", "body", "is required: a JSON object");
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldAtFault> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(new FieldAtFault(error.getField(), error.getDefaultMessage()));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach(error -> errors.add(new FieldAtFault(error.getObjectName(), error.getDefaultMessage())));
		return invalid("The request is not valid", errors);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldAtFault> errors = new ArrayList<>();
		ex.getParameterValidationResults()
			.forEach(result -> result.getResolvableErrors()
				.forEach(error -> errors
					.add(new FieldAtFault(result.getMethodParameter().getParameterName(), error.getDefaultMessage()))));
		return invalid("The request is not valid", errors);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String field = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
				: String.valueOf(ex.getPropertyName());
		String expected = ex.getRequiredType() == null ? "of another type"
				: ex.getRequiredType().isEnum() ? "one of " + List.of(ex.getRequiredType().getEnumConstants())
						: "a valid " + ex.getRequiredType().getSimpleName();
		return invalid("The request is not valid", field, "must be " + expected);
	}

	/**
	 * Spring MVC's own problems (405, 406, 415, ...) say {@code about:blank} as their
	 * type, which RFC 9457 assumes of a problem without one: every problem of the API has
	 * a {@code type} (issue 22).
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem && problem.getType() == null) {
			problem.setType(Problems.BLANK);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
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

	/**
	 * Says what is wrong in the caller's terms, never in Java's (no class names leak
	 * out).
	 */
	private static String describe(DatabindException ex) {
		String message = ex.getOriginalMessage() == null ? "" : ex.getOriginalMessage();
		if (message.startsWith("Unrecognized property") || message.startsWith("Unrecognized field")) {
			return "is not a known property";
		}
		if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			return "has the wrong type: must be " + expected(mismatch.getTargetType());
		}
		return "has the wrong type or format";
	}

	private static String expected(Class<?> target) {
		if (target.isEnum()) {
			return "one of " + Arrays.stream(target.getEnumConstants())
				.map(constant -> ((Enum<?>) constant).name())
				.collect(Collectors.joining(", "));
		}
		if (CharSequence.class.isAssignableFrom(target)) {
			return "a string";
		}
		if (Map.class.isAssignableFrom(target) || target.isRecord()) {
			return "an object";
		}
		if (Collection.class.isAssignableFrom(target) || target.isArray()) {
			return "an array";
		}
		return Number.class.isAssignableFrom(target) || target.isPrimitive() ? "a number" : "another type";
	}

	private static ResponseEntity<Object> invalid(String detail, String field, String message) {
		return invalid(detail, List.of(new FieldAtFault(field, message)));
	}

	private static ResponseEntity<Object> invalid(String detail, List<FieldAtFault> errors) {
		return ResponseEntity.badRequest().body(Problems.invalid(detail, errors));
	}

}

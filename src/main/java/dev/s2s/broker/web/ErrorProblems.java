package dev.s2s.broker.web;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page: an error that happens outside Spring MVC (in a filter, or a
 * status the container sets itself) is answered as a problem like every other. Asked for
 * directly, {@code /error} is not a resource: 404, not Spring Boot's default 500 "status
 * 999". It replaces Spring Boot's {@code BasicErrorController} and is no part of the API.
 */
@Hidden
@RestController
class ErrorProblems implements ErrorController {

	// No "produces": an error is answered as a problem whatever the caller accepts.
	@RequestMapping(path = "${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
				? HttpStatus.resolve(code) : null;
		ProblemDetail problem;
		if (status == null) {
			problem = Problems.of(HttpStatus.NOT_FOUND, "Not found", "There is no such resource", "not-found");
		}
		else if (status.is5xxServerError()) {
			problem = Problems.of(status, status.getReasonPhrase(),
					"The broker failed unexpectedly; nothing about the failure is shown here, see the broker's log",
					"internal-error");
		}
		else {
			problem = Problems.of(status, status.getReasonPhrase(),
					"The request was refused: " + status.getReasonPhrase(), "http-" + status.value());
		}
		// The request's own path, not the error page's (/error), which Spring MVC would
		// fill in.
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
			problem.setInstance(URI.create(path));
		}
		return ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.parseMediaType(Problems.MEDIA_TYPE))
			.body(problem);
	}

}

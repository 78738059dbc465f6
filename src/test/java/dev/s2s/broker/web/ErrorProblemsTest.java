package dev.s2s.broker.web;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container's error page answers for the request that failed: its problem's
 * {@code instance} is that request's path, as every other problem's is, not the error
 * page's own {@code /error}.
 */
class ErrorProblemsTest {

	@Test
	void aStatusAFilterSentIsAProblemAboutTheRequestThatFailed() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 404);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/v1/grants/6b933697-c7a5-4fb4-b053-6163dba2c484");

		ProblemDetail problem = new ErrorProblems().error(request).getBody();

		assertThat(problem.getStatus()).isEqualTo(404);
		assertThat(problem.getType()).isEqualTo(URI.create("urn:s2s-broker:problem:http-404"));
		assertThat(problem.getInstance()).isEqualTo(URI.create("/v1/grants/6b933697-c7a5-4fb4-b053-6163dba2c484"));
	}

	@Test
	void theErrorPageAskedForDirectlyIsNoResource() {
		ProblemDetail problem = new ErrorProblems().error(new MockHttpServletRequest("GET", "/error")).getBody();

		assertThat(problem.getStatus()).isEqualTo(404);
		assertThat(problem.getType()).isEqualTo(URI.create("urn:s2s-broker:problem:not-found"));
	}

}

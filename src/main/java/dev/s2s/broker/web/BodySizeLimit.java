package dev.s2s.broker.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above the limit with 413, by their declared length or as they
 * stream in.
 */
class BodySizeLimit extends OncePerRequestFilter {

	private final int maxBytes;

	private final JsonMapper json;

	BodySizeLimit(int maxBytes, JsonMapper json) {
		this.maxBytes = maxBytes;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest measured = request;
		boolean tooLarge = request.getContentLengthLong() > maxBytes;
		if (!tooLarge && request.getContentLengthLong() < 0) {
			// A chunked body declares no length: read it (up to one byte past the limit)
			// and keep it.
			byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
			tooLarge = body.length > maxBytes;
			measured = new CachedBodyRequest(request, body);
		}
		if (tooLarge) {
			String detail = "The request body exceeds " + maxBytes + " bytes";
			Problems.write(response, json, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Request too large", detail,
					"request-too-large", List.of(new FieldProblem("body", detail))));
			return;
		}
		chain.doFilter(measured, response);
	}

}

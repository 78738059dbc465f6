package dev.s2s.broker.web;

import java.io.IOException;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Notes when each request arrived, before authentication, idempotency or anything else
 * that may wait for a database connection, so that a {@code Prefer: wait} is counted from
 * then: issue 13 saw waiters answer after up to 118 s of a 60 s wait, most of it spent
 * before their wait began.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestArrival extends OncePerRequestFilter {

	private static final String ATTRIBUTE = RequestArrival.class.getName();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		request.setAttribute(ATTRIBUTE, Instant.now());
		chain.doFilter(request, response);
	}

	/**
	 * When the request this thread handles arrived; now, outside a request or for one
	 * this filter did not see.
	 */
	public static Instant current() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		Object arrived = request == null ? null : request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		return arrived instanceof Instant instant ? instant : Instant.now();
	}

}

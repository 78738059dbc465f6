package dev.s2s.broker.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves each request with the application's class loader as the thread's context class
 * loader, not the one Tomcat sets: its own, one per server. A thread started while a
 * request is served inherits the context class loader and may outlive the request and the
 * server: the JDK HTTP client's workers and OkHttp's connection pool (IAM's clients), the
 * JDK's {@code CompletableFuture} delay scheduler. Holding Tomcat's loader, each kept a
 * stopped server's loader reachable, and Tomcat, stopping, reported it: "appears to have
 * started a thread named [...] but has failed to stop it. This is very likely to create a
 * memory leak". Beans reaching the database are not made while Tomcat registers filters,
 * for the same reason (the connection pool's threads).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApplicationClassLoader extends OncePerRequestFilter {

	private final ClassLoader application = ApplicationClassLoader.class.getClassLoader();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Thread thread = Thread.currentThread();
		ClassLoader tomcat = thread.getContextClassLoader();
		thread.setContextClassLoader(application);
		try {
			chain.doFilter(request, response);
		}
		finally {
			thread.setContextClassLoader(tomcat);
		}
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}

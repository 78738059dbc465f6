package dev.s2s.broker.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.s2s.broker.refusal.FieldAtFault;
import dev.s2s.broker.refusal.Refusal;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above the limit with 413, by their declared length or, for a
 * chunked body, as its bytes are read: bytes are counted, never buffered here. A body
 * that takes longer than the read timeout to arrive is refused with 408. Runs after
 * Spring Security, so only an authenticated caller's body is ever read.
 */
class BodySizeLimit extends OncePerRequestFilter {

	private final int maxBytes;

	private final Duration readTimeout;

	private final JsonMapper json;

	private final Clock clock;

	BodySizeLimit(int maxBytes, Duration readTimeout, JsonMapper json, Clock clock) {
		this.maxBytes = maxBytes;
		this.readTimeout = readTimeout;
		this.json = json;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > maxBytes) {
			refuse(response, tooLarge());
			return;
		}
		try {
			chain.doFilter(new LimitedBody(request, clock.instant().plus(readTimeout)), response);
		}
		catch (RuntimeException | IOException | ServletException ex) {
			BodyRefused refused = refusal(ex);
			if (refused == null || response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			refuse(response, refused);
		}
	}

	private void refuse(HttpServletResponse response, BodyRefused refused) throws IOException {
		// The rest of the body is not wanted: close instead of draining it.
		response.setHeader(HttpHeaders.CONNECTION, "close");
		Problems.write(response, json, refused);
	}

	private static @Nullable BodyRefused refusal(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyRefused refused) {
				return refused;
			}
		}
		return null;
	}

	private BodyRefused tooLarge() {
		String detail = "The request body exceeds " + maxBytes + " bytes";
		return new BodyRefused(413, "request-too-large", "Request too large", detail);
	}

	private BodyRefused tooSlow() {
		String detail = "The request body did not arrive within " + readTimeout.toSeconds() + " s";
		return new BodyRefused(408, "request-too-slow", "Request too slow", detail);
	}

	/**
	 * A body refused as it is read, naming the body as the field at fault. Spring MVC
	 * answers it as every refusal; a read outside MVC (a filter's) ends in
	 * {@link #doFilterInternal}, which answers it.
	 */
	static final class BodyRefused extends Refusal {

		BodyRefused(int status, String kind, String title, String detail) {
			super(status, kind, title, detail, List.of(new FieldAtFault("body", detail)), null);
		}

	}

	/** The request, its body counted and timed as it is read. */
	private final class LimitedBody extends HttpServletRequestWrapper {

		private final Instant deadline;

		private @Nullable ServletInputStream body;

		LimitedBody(HttpServletRequest request, Instant deadline) {
			super(request);
			this.deadline = deadline;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (body == null) {
				body = new Counted(super.getInputStream(), this, deadline);
			}
			return body;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String charset = getCharacterEncoding();
			return new BufferedReader(new InputStreamReader(getInputStream(),
					charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset)));
		}

	}

	private final class Counted extends ServletInputStream {

		private final ServletInputStream in;

		private final HttpServletRequest request;

		private final Instant deadline;

		private long read;

		Counted(ServletInputStream in, HttpServletRequest request, Instant deadline) {
			this.in = in;
			this.request = request;
			this.deadline = deadline;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			count(b < 0 ? -1 : 1);
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = in.read(buffer, offset, length);
			count(n);
			return n;
		}

		private void count(int n) {
			if (n <= 0) {
				return;
			}
			read += n;
			if (read > maxBytes) {
				throw refuse(tooLarge());
			}
			if (clock.instant().isAfter(deadline)) {
				throw refuse(tooSlow());
			}
		}

		/**
		 * Marks the request so its connection closes after the answer, whoever answers it
		 * (Spring MVC's handler for the problem, or this filter): the rest of the body is
		 * not read.
		 */
		private BodyRefused refuse(BodyRefused refused) {
			request.setAttribute(RefusedBodiesAreDropped.BODY_REFUSED, Boolean.TRUE);
			return refused;
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}

	}

}

package dev.s2s.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response whose body goes out as it is written, byte for byte and flush for flush, and
 * is also kept: unlike Spring's {@code ContentCachingResponseWrapper}, which holds the
 * body back until the end and so would change when a slow client or a
 * {@code Prefer: wait} sees it. Whether the container was asked to answer an error page
 * instead ({@code sendError}) is kept too: that body comes in the error dispatch.
 */
final class CopiedResponse extends HttpServletResponseWrapper {

	private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

	private ServletOutputStream stream;

	private PrintWriter writer;

	private boolean errorSent;

	CopiedResponse(HttpServletResponse response) {
		super(response);
	}

	/** The body written so far. */
	byte[] body() {
		if (writer != null) {
			writer.flush();
		}
		return copy.toByteArray();
	}

	/** Whether the body is left to the container's error page. */
	boolean errorSent() {
		return errorSent;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (stream == null) {
			stream = new Tee(super.getOutputStream());
		}
		return stream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (writer == null) {
			writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), getCharacterEncoding()));
		}
		return writer;
	}

	@Override
	public void flushBuffer() throws IOException {
		if (writer != null) {
			writer.flush();
		}
		super.flushBuffer();
	}

	@Override
	public void resetBuffer() {
		body();
		super.resetBuffer();
		copy.reset();
	}

	@Override
	public void reset() {
		body();
		super.reset();
		copy.reset();
	}

	@Override
	public void sendError(int status) throws IOException {
		errorSent = true;
		super.sendError(status);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		errorSent = true;
		super.sendError(status, message);
	}

	private final class Tee extends ServletOutputStream {

		private final ServletOutputStream out;

		Tee(ServletOutputStream out) {
			this.out = out;
		}

		@Override
		public void write(int b) throws IOException {
			out.write(b);
			copy.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			out.write(bytes, offset, length);
			copy.write(bytes, offset, length);
		}

		@Override
		public void flush() throws IOException {
			out.flush();
		}

		@Override
		public void close() throws IOException {
			out.close();
		}

		@Override
		public boolean isReady() {
			return out.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			out.setWriteListener(listener);
		}

	}

}

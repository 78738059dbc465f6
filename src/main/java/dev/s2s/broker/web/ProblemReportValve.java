package dev.s2s.broker.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error answers (a request line, path or header it cannot parse, before any
 * servlet sees the request) as RFC 9457 problems instead of its HTML page. Nothing of the
 * request is echoed. Tomcat makes this valve by name (it is the host's error report
 * valve), hence public.
 */
public final class ProblemReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable failure) {
		int code = response.getStatus();
		if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatus status = HttpStatus.resolve(code);
		String title = status == null ? "Error" : status.getReasonPhrase();
		String kind = code < 500 ? "invalid-request" : "internal-error";
		String detail = code < 500 ? "The server could not accept the request as sent"
				: "The broker failed unexpectedly; see the broker's log";
		try {
			response.setContentType(Problems.MEDIA_TYPE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"type\":\"urn:s2s-broker:problem:" + kind + "\",\"title\":\"" + title + "\",\"status\":"
						+ code + ",\"detail\":\"" + detail + "\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is going; there is nobody to tell.
		}
	}

}

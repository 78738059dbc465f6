package dev.s2s.broker.web;

import java.io.IOException;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpHeaders;

/**
 * After an answer that closes the connection ({@code Connection: close}, as every refusal
 * of an unread body sets) or refuses a body part-way ({@link #BODY_REFUSED}), Tomcat
 * would still read and discard the rest of the body, up to
 * {@code server.tomcat.max-swallow-size}, before closing: a client that sends its body
 * slowly would hold the request thread all that time. This tells Tomcat not to: the
 * connection closes as soon as the answer is sent.
 */
class RefusedBodiesAreDropped extends ValveBase {

	/** The request attribute that marks a body refused part-way (too large, too slow). */
	static final String BODY_REFUSED = RefusedBodiesAreDropped.class.getName() + ".BODY_REFUSED";

	RefusedBodiesAreDropped() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
		boolean refused = Boolean.TRUE.equals(request.getAttribute(BODY_REFUSED))
				|| "close".equalsIgnoreCase(response.getHeader(HttpHeaders.CONNECTION));
		if (refused && !request.getCoyoteRequest().isFinished()) {
			request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
			// Tomcat marks the exchange as failed to do so; the answer is already given
			// and complete, so no error page may follow it.
			response.getCoyoteResponse().setErrorReported();
		}
	}

}

package dev.s2s.broker.iam;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * The exchanges with IAM under way now, by the thread that waits for each, so that one a
 * shutdown interrupted can be cut short: a blocking socket read does not end when its
 * platform thread is interrupted, and a submission that waits for IAM past the worker's
 * grace could not give its policy back before the database closes.
 */
public class IamExchanges {

	private final Map<Thread, Cancellable> waiting = new ConcurrentHashMap<>();

	/**
	 * Cuts short the exchange of every interrupted thread: it ends at once as an exchange
	 * that got no answer.
	 */
	public void abortInterrupted() {
		waiting.forEach((thread, request) -> {
			if (thread.isInterrupted()) {
				request.cancel();
			}
		});
	}

	/** The requests of a client, each known here while its thread waits for it. */
	HttpComponentsClientHttpRequestFactory requests(CloseableHttpClient client) {
		return new HttpComponentsClientHttpRequestFactory(client) {

			@Override
			protected ClassicHttpRequest createHttpUriRequest(HttpMethod method, URI uri) {
				ClassicHttpRequest request = super.createHttpUriRequest(method, uri);
				if (request instanceof Cancellable cancellable) {
					waiting.put(Thread.currentThread(), cancellable);
				}
				return request;
			}

		};
	}

	/** The current thread's exchange ended. */
	void ended() {
		waiting.remove(Thread.currentThread());
	}

}

package dev.s2s.broker.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.s2s.broker.BrokerIT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No request the broker has not authenticated holds a thread or memory: its body is never
 * read, it is answered at once, and its connection is closed rather than drained, so a
 * flood of slow, endless bodies leaves the broker answering (issue 13).
 */
class SlowClientsIT extends BrokerIT {

	/** Whitespace: JSON a parser reads on and on without complaint. */
	private static final String CHUNK = " ".repeat(1000);

	@Test
	void answersAnUnauthenticatedSlowChunkedBodyAtOnceAndClosesItsConnection() throws Exception {
		try (Socket socket = slowChunkedPost(null)) {
			long start = System.nanoTime();

			String answer = readAnswer(socket, Duration.ofSeconds(3));

			assertThat(answer).startsWith("HTTP/1.1 401");
			assertThat(answer).contains("application/problem+json");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			assertThat(closedByServerWithin(socket, Duration.ofSeconds(3))).as("the server closes the connection")
				.isTrue();
		}
	}

	@Test
	void aFloodOfSlowUnauthenticatedBodiesLeavesLivenessFast() throws Exception {
		// More than Tomcat's 200 request threads, which is what holds them on JDK 17.
		List<Socket> flood = new ArrayList<>();
		try {
			for (int i = 0; i < 250; i++) {
				flood.add(slowChunkedPost(null));
			}
			long start = System.nanoTime();
			try (Socket probe = new Socket()) {
				probe.connect(new InetSocketAddress("localhost", port), 2000);
				probe.getOutputStream()
					.write(("GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
				String answer = readAnswer(probe, Duration.ofSeconds(5));
				assertThat(answer).startsWith("HTTP/1.1 200");
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("liveness under the flood")
				.isLessThan(Duration.ofSeconds(2));
			for (Socket socket : flood) {
				assertThat(readAnswer(socket, Duration.ofSeconds(5))).startsWith("HTTP/1.1 401");
			}
		}
		finally {
			for (Socket socket : flood) {
				socket.close();
			}
		}
	}

	@Test
	void countsAnAuthenticatedChunkedBodyAndRefusesItPastTheLimit() throws Exception {
		try (Socket socket = slowChunkedPost(bearer())) {
			OutputStream out = socket.getOutputStream();
			String answer;
			try {
				for (int i = 0; i < 1100; i++) {
					out.write(chunk());
				}
			}
			catch (IOException closed) {
				// The broker may close as soon as it has answered.
			}
			answer = readAnswer(socket, Duration.ofSeconds(10));

			assertThat(answer).startsWith("HTTP/1.1 413");
			assertThat(answer).contains("application/problem+json", "request-too-large");
			assertThat(closedByServerWithin(socket, Duration.ofSeconds(3)))
				.as("the rest of the body is not drained: the connection closes")
				.isTrue();
		}
	}

	/**
	 * A POST whose chunked body has begun and does not end: headers and one chunk are
	 * sent, then nothing.
	 */
	private Socket slowChunkedPost(String authorization) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("localhost", port), 5000);
		OutputStream out = socket.getOutputStream();
		out.write(("POST /v1/grant-batches HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
				+ "Transfer-Encoding: chunked\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.write(chunk());
		out.flush();
		return socket;
	}

	private static byte[] chunk() {
		return (Integer.toHexString(CHUNK.length()) + "\r\n" + CHUNK + "\r\n").getBytes(StandardCharsets.US_ASCII);
	}

	/** The status line and headers of the answer (and what of the body has come). */
	private static String readAnswer(Socket socket, Duration timeout) throws IOException {
		socket.setSoTimeout((int) timeout.toMillis());
		InputStream in = socket.getInputStream();
		StringBuilder answer = new StringBuilder();
		byte[] buffer = new byte[4096];
		try {
			while (!answer.toString().contains("\r\n\r\n")) {
				int n = in.read(buffer);
				if (n < 0) {
					break;
				}
				answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
			}
		}
		catch (SocketTimeoutException ex) {
			return "no answer within " + timeout + ": " + answer;
		}
		return answer.toString();
	}

	private static boolean closedByServerWithin(Socket socket, Duration timeout) throws IOException {
		socket.setSoTimeout((int) timeout.toMillis());
		try {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			while (in.read(buffer) >= 0) {
				// the rest of the answer
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException reset) {
			return true;
		}
	}

}

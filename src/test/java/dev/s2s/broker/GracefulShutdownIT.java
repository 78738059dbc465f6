package dev.s2s.broker;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.IamStandIn.Operation;
import dev.s2s.broker.standin.SharedIamStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A SIGTERM stops the packaged broker gracefully: the submission worker finishes and
 * records what it is waiting for before the database closes, even on file-based H2, whose
 * own JVM shutdown hook would otherwise close it first (issue 13: "Cannot record the
 * outcome … Database is already closed"). Runs the built jar in a process of its own,
 * after {@code package}.
 */
class GracefulShutdownIT {

	private final IamStandIn iam = SharedIamStandIn.get();

	private final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path directory;

	@Test
	void aSigtermedBrokerOnFileH2RecordsTheAnswerItIsWaitingForBeforeTheDatabaseCloses() throws Exception {
		iam.reset();
		String account = UUID.randomUUID().toString().replace("-", "");
		// IAM creates the first policy at once and answers only after 4s: the SIGTERM
		// arrives while the broker waits for that answer.
		iam.failNext(Operation.CREATE_POLICY, Fault.answerLate(Duration.ofSeconds(4)));
		String url = "jdbc:h2:file:" + directory.resolve("broker")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
		int port = freePort();
		Path output = directory.resolve("broker.log");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
		command.addAll(List.of(BrokerIT.arguments(new TestDatabase(url, "sa", ""), Map.of("server.port",
				String.valueOf(port), "broker.worker.instance-id", "sigterm", "broker.iam.timeouts.read", "30s"))));
		Process broker = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		try {
			await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> ready(port));
			HttpResponse<String> accepted = send(port, "/v1/backup-authorizations",
					"{\"accountId\":\"" + account + "\"}");
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
			String grant = "/v1/grants/" + JsonMapper.builder().build().readTree(accepted.body()).path("id").asString();
			await().atMost(Duration.ofSeconds(20)).until(() -> iam.policiesIn(account).size() == 4);
			// Callers keep reading while the broker stops, as they would: its connections
			// stay busy, so none is idle long enough to be checked before its next use.
			Thread readers = new Thread(() -> {
				while (broker.isAlive()) {
					try {
						send(port, grant, null);
						Thread.sleep(20);
					}
					catch (IOException ex) {
						// refused once the broker stops listening
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			readers.start();

			broker.destroy();

			assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("the broker exits after SIGTERM").isTrue();
			readers.join();
		}
		finally {
			broker.destroyForcibly();
		}
		String log = Files.readString(output);
		assertThat(log).as("the broker's output:%n%s", log).doesNotContain("Cannot record the outcome");
		assertThat(recordedPolicies(url)).as("the recorded policies after the broker stopped")
			.containsExactlyInAnyOrderElementsOf(
					iam.policiesIn(account).stream().map(policy -> "CREATED " + policy.path("id").asString()).toList());
	}

	private static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter(file -> file.getFileName().toString().matches("s2s-broker-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No built jar in target/: run after package"));
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private boolean ready(int port) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
				HttpResponse.BodyHandlers.ofString());
		return response.statusCode() == 200;
	}

	/** A POST of {@code body}, or a GET when it is null, as the test caller. */
	private HttpResponse<String> send(int port, String path, String body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Authorization", "Bearer " + iam.tokenFor(BrokerIT.CALLER));
		if (body != null) {
			request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Each policy row as "STATUS iamPolicyId", read from the H2 file the broker left. */
	private static List<String> recordedPolicies(String url) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select status, iam_policy_id from grant_policies")) {
			while (rs.next()) {
				rows.add(rs.getString("status") + " " + rs.getString("iam_policy_id"));
			}
		}
		return rows;
	}

}

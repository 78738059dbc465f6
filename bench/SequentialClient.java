import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline of bench/run.sh: what a loop of {@code ibmcloud iam authorization-policy-create}
 * does, one policy at a time, each waiting for IAM's answer before the next is sent. It is the
 * loop's best case: one login per target account (the trusted profile s2s-broker assumed there, as
 * the broker does), one kept-alive connection, no process started
 * per policy, no role lookup, no retry. Run with JDK 25's source launcher:
 *
 * <pre>
 * java bench/SequentialClient.java http://127.0.0.1:18291 API_KEY documents.jsonl
 * </pre>
 *
 * documents.jsonl holds one {@code POST /v1/policies} body a line. Prints one line:
 * {@code policies=N created=N failed=N seconds=S policiesPerSecond=R}.
 */
public class SequentialClient {

	public static void main(String[] args) throws Exception {
		URI iam = URI.create(args[0]);
		String apiKey = args[1];
		List<String> documents = Files.readAllLines(Path.of(args[2])).stream().filter(line -> !line.isBlank()).toList();
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpResponse<String> tokenAnswer = http.send(HttpRequest.newBuilder(iam.resolve("/identity/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=" + apiKey))
			.build(), HttpResponse.BodyHandlers.ofString());
		Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(tokenAnswer.body());
		if (!token.find()) {
			throw new IllegalStateException("No token: " + tokenAnswer.statusCode() + " " + tokenAnswer.body());
		}
		// IAM creates an authorization in its target's account, as an identity of that
		// account: the loop assumes the trusted profile there once per account (a CLI
		// user's one login per account), as the broker does.
		Map<String, String> tokens = new HashMap<>();
		Pattern targetAccount = Pattern.compile(
				"\"resources\"\\s*:\\s*\\[.*?\"name\"\\s*:\\s*\"accountId\"\\s*,\\s*\"value\"\\s*:\\s*\"([0-9a-f]{32})\"");
		int created = 0;
		int failed = 0;
		long started = System.nanoTime();
		for (String document : documents) {
			Matcher account = targetAccount.matcher(document);
			String accountToken = account.find()
					? tokens.computeIfAbsent(account.group(1), id -> assume(http, iam, token.group(1), id))
					: token.group(1);
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(iam.resolve("/v1/policies"))
				.header("Authorization", "Bearer " + accountToken)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(document))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() == 201) {
				created++;
			}
			else {
				failed++;
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf("policies=%d created=%d failed=%d seconds=%.3f policiesPerSecond=%.3f%n", documents.size(),
				created, failed, seconds, documents.size() / seconds);
	}

	/** The token of the trusted profile s2s-broker in an account, for the base token. */
	private static String assume(HttpClient http, URI iam, String baseToken, String account) {
		try {
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(iam.resolve("/identity/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=urn:ibm:params:oauth:grant-type:assume&access_token="
						+ baseToken + "&profile_name=s2s-broker&account=" + account))
				.build(), HttpResponse.BodyHandlers.ofString());
			Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
			if (!token.find()) {
				throw new IllegalStateException("No token in " + account + ": " + answer.statusCode() + " " + answer.body());
			}
			return token.group(1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

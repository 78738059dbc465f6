import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline of bench/run.sh: what a loop of {@code ibmcloud iam authorization-policy-create}
 * does, one policy at a time, each waiting for IAM's answer before the next is sent. It is the
 * loop's best case: one token for the whole loop, one kept-alive connection, no process started
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
		int created = 0;
		int failed = 0;
		long started = System.nanoTime();
		for (String document : documents) {
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(iam.resolve("/v1/policies"))
				.header("Authorization", "Bearer " + token.group(1))
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

}

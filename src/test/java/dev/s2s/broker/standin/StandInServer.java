package dev.s2s.broker.standin;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The IAM stand-in as a process of its own, for load tests ({@code bench/run.sh}): IAM's
 * token endpoint, JWKS and policy API on a loopback port, with a fixed latency and random
 * faults, and two endpoints outside IAM's paths for the bench:
 * <ul>
 * <li>{@code GET /stand-in/stats}: calls per operation, answers per operation and status,
 * policy calls in flight now and at most, the time they spent in the stand-in, policies
 * held, duplicates among them;</li>
 * <li>{@code GET /stand-in/policies}: every held policy's {@code id} and
 * {@code description}.</li>
 * </ul>
 * It records no requests ({@link IamStandIn#recordRequests(boolean)}), so it serves
 * thousands of policies in constant memory per request. Run it with the test classpath
 * through {@code bench/StandIn.java}:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/bench-classpath) \
 *   bench/StandIn.java --port=18290 --latency=50ms --server-errors=0.2
 * </pre>
 *
 * It has no {@code main} method of its own: a second main class among the test classes
 * would leave {@code ./mvnw spring-boot:test-run} unable to choose
 * {@code TestBrokerApplication}.
 *
 * Options ({@code --name=value}; durations as {@code 50ms}, {@code 1s}, {@code 2m}):
 * {@code port} (0: any free one), {@code api-key}, {@code latency} of every policy call
 * and role listing, {@code server-errors}, {@code resets}, {@code lost-answers},
 * {@code throttle-every}, {@code throttle-for} (see {@link RandomFaults}), and
 * {@code unreadable-after-create}: how long a created policy reads as 404.
 */
public final class StandInServer {

	/** The API key it knows unless told another: the no-setup run's demo key. */
	static final String DEFAULT_API_KEY = "s2s-broker-demo-key";

	private static final Pattern DURATION = Pattern.compile("^(\\d+)(ms|s|m)$");

	private StandInServer() {
	}

	/** Serves until the process is stopped. */
	public static void run(String... args) throws InterruptedException {
		Map<String, String> options;
		try {
			options = options(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println("Options: --port=N --api-key=KEY --latency=50ms --server-errors=0.2 --resets=0.05 "
					+ "--lost-answers=0.5 --throttle-every=10s --throttle-for=1s --unreadable-after-create=0ms");
			System.exit(2);
			return;
		}
		// Answers go out in two writes (headers, then body): without TCP_NODELAY, Nagle's
		// algorithm holds the second until the client's delayed ACK, up to 40 ms a call.
		// Read once, when the JDK's server is first used.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		int port = Integer.parseInt(options.get("port"));
		RandomFaults faults = new RandomFaults(Double.parseDouble(options.get("server-errors")),
				Double.parseDouble(options.get("resets")), Double.parseDouble(options.get("lost-answers")),
				duration(options.get("throttle-every")), duration(options.get("throttle-for")));
		IamStandIn iam;
		try {
			iam = IamStandIn.start(port, options.get("api-key"));
		}
		catch (IllegalStateException portTaken) {
			System.err.println("The IAM stand-in cannot listen on port " + port + ": " + portTaken.getCause());
			System.exit(1);
			return;
		}
		iam.recordRequests(false)
			.latency(duration(options.get("latency")))
			.randomFaults(faults)
			.readsAsMissingAfterCreation(duration(options.get("unreadable-after-create")));
		JsonMapper json = JsonMapper.builder().build();
		iam.serveOutsideIam("/stand-in/stats",
				exchange -> answer(exchange, json, stats(json, iam.stats(), iam.tokenExchanges())));
		iam.serveOutsideIam("/stand-in/policies", exchange -> answer(exchange, json, policies(json, iam)));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			iam.close();
			stopped.countDown();
		}));
		System.out.println("IAM stand-in listening on " + iam.url() + " " + options);
		stopped.await();
	}

	static Map<String, String> options(String... args) {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("port", "0");
		options.put("api-key", DEFAULT_API_KEY);
		options.put("latency", "0ms");
		options.put("server-errors", "0");
		options.put("resets", "0");
		options.put("lost-answers", "0");
		options.put("throttle-every", "0s");
		options.put("throttle-for", "0s");
		options.put("unreadable-after-create", "0ms");
		for (String arg : args) {
			int equals = arg.indexOf('=');
			String name = arg.startsWith("--") && equals > 2 ? arg.substring(2, equals) : null;
			if (name == null || !options.containsKey(name)) {
				throw new IllegalArgumentException("Unknown option " + arg);
			}
			options.put(name, arg.substring(equals + 1));
		}
		return options;
	}

	static Duration duration(String text) {
		Matcher matcher = DURATION.matcher(text);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a duration (e.g. 50ms, 1s, 2m): " + text);
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			default -> Duration.ofMinutes(amount);
		};
	}

	private static JsonNode stats(JsonMapper json, IamStandIn.Stats stats, Map<String, Long> tokenExchanges) {
		ObjectNode answer = json.createObjectNode();
		ObjectNode tokens = answer.putObject("tokensIssued");
		tokenExchanges.forEach(tokens::put);
		ObjectNode calls = answer.putObject("calls");
		stats.calls().forEach((operation, count) -> calls.put(operation.name(), count));
		ObjectNode answers = answer.putObject("answers");
		stats.answers().forEach(answers::put);
		return answer.put("policyCallsInFlight", stats.policyCallsInFlight())
			.put("mostPolicyCallsInFlight", stats.mostPolicyCallsInFlight())
			.put("policyCallMillis", stats.policyCallTime().toMillis())
			.put("policies", stats.policies())
			.put("duplicates", stats.duplicates())
			.put("created", stats.created());
	}

	private static JsonNode policies(JsonMapper json, IamStandIn iam) {
		ArrayNode answer = json.createArrayNode();
		for (JsonNode policy : iam.policies()) {
			answer.addObject()
				.put("id", policy.path("id").asString())
				.put("description", policy.path("description").asString(""));
		}
		return answer;
	}

	private static void answer(HttpExchange exchange, JsonMapper json, JsonNode body) throws IOException {
		try (exchange) {
			if (!exchange.getRequestMethod().equals("GET")) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			byte[] bytes = json.writeValueAsBytes(body);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

}

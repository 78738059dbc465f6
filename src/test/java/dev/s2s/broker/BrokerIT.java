package dev.s2s.broker;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.StandInAccounts;
import dev.s2s.broker.standin.SharedIamStandIn;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every integration test shares: the whole broker on a random port, real PostgreSQL
 * ({@link TestDatabase}), and the IAM stand-in, configured only through
 * {@code broker.iam.url}, {@code broker.iam.api-key} and the trusted profile the
 * stand-in's enterprise template gives every child account
 * ({@code broker.iam.accounts.default-profile-name}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ObservedAnswers.Recording.class)
public abstract class BrokerIT {

	protected static final IamStandIn iam = SharedIamStandIn.get();

	protected static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcClient db;

	@DynamicPropertySource
	static void realParts(DynamicPropertyRegistry registry) {
		brokerProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * The configuration of a broker under test: real PostgreSQL, the stand-in, quick
	 * retries. IAM's roles are not cached ({@code broker.iam.roles-ttl=0s}): the context
	 * outlives each test's stand-in, which every test resets and may change.
	 */
	public static Map<String, String> brokerProperties() {
		return brokerProperties(TestDatabase.get());
	}

	public static Map<String, String> brokerProperties(TestDatabase database) {
		return Map.ofEntries(Map.entry("spring.datasource.url", database.url()),
				Map.entry("spring.datasource.username", database.username()),
				Map.entry("spring.datasource.password", database.password()),
				Map.entry("broker.iam.url", iam.url().toString()), Map.entry("broker.iam.api-key", iam.apiKey()),
				Map.entry("broker.iam.accounts.default-profile-name", StandInAccounts.TEMPLATE_PROFILE),
				Map.entry("broker.iam.timeouts.read", "2s"), Map.entry("broker.iam.retry.initial-backoff", "50ms"),
				Map.entry("broker.iam.retry.max-backoff", "400ms"), Map.entry("broker.iam.retry.max-retry-after", "2s"),
				Map.entry("broker.iam.roles-ttl", "0s"), Map.entry("broker.iam.timeouts.roles-read", "1s"),
				Map.entry("broker.iam.timeouts.plan-read", "1s"), Map.entry("broker.worker.poll-interval", "200ms"),
				Map.entry("broker.worker.claim-timeout", "20s"), Map.entry("broker.reconciler.enabled", "false"),
				Map.entry("spring.security.oauth2.resourceserver.jwt.issuer-uri", iam.issuer()),
				Map.entry("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", iam.url() + "/identity/keys"),
				Map.entry("broker.access.callers[0].name", "tests"),
				Map.entry("broker.access.callers[0].subjects[0]", "iam-" + CALLER),
				Map.entry("broker.access.callers[0].operations", "READ,PLAN,GRANT,REVOKE,BULK,METRICS"),
				Map.entry("broker.access.callers[0].recipes", "*"), Map.entry("broker.access.callers[0].accounts", "*"),
				Map.entry("broker.access.callers[1].name", "backup team"),
				Map.entry("broker.access.callers[1].subjects[0]", "iam-" + BACKUP_TEAM),
				Map.entry("broker.access.callers[1].operations", "READ,GRANT"),
				Map.entry("broker.access.callers[1].recipes", "vpc-backup"),
				Map.entry("broker.access.callers[1].accounts", String.join(",", BACKUP_TEAM_ACCOUNTS)));
	}

	/**
	 * A caller that may only read and grant vpc-backup, and only on
	 * {@link #BACKUP_TEAM_ACCOUNTS}.
	 */
	protected static final String BACKUP_TEAM = "ServiceId-backup-team";

	protected static final List<String> BACKUP_TEAM_ACCOUNTS = List.of("b0000000000000000000000000000001",
			"b0000000000000000000000000000002");

	/**
	 * Starts a broker of its own (for tests of restarts, replicas or settings the shared
	 * context does not have) on a random port, configured like every test broker plus
	 * {@code overrides}.
	 */
	public static ConfigurableApplicationContext startBroker(TestDatabase database, Map<String, String> overrides) {
		return new SpringApplicationBuilder(BrokerApplication.class, ObservedAnswers.Recording.class)
			.main(BrokerApplication.class)
			.run(arguments(database, overrides));
	}

	/**
	 * Command-line arguments for a test broker; they outrank application.yaml, as an
	 * operator's would.
	 */
	public static String[] arguments(TestDatabase database, Map<String, String> overrides) {
		Map<String, String> properties = new TreeMap<>(brokerProperties(database));
		properties.put("server.port", "0");
		properties.putAll(overrides);
		return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
	}

	/** The caller the tests act as, unless a test says otherwise. */
	protected static final String CALLER = "ServiceId-platform-portal";

	/**
	 * Runs {@code work} as the test caller, for tests that call the broker's services
	 * directly (not over HTTP): the services authorize the caller of the current thread.
	 */
	public static <T> T asTestCaller(Supplier<T> work) {
		Instant now = Instant.now();
		Jwt token = Jwt.withTokenValue("test")
			.header("alg", "RS256")
			.subject(CALLER)
			.claim("iam_id", "iam-" + CALLER)
			.issuedAt(now)
			.expiresAt(now.plusSeconds(3600))
			.build();
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new JwtAuthenticationToken(token));
		SecurityContextHolder.setContext(context);
		try {
			return work.get();
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}

	/** An {@code Authorization} header value for the test caller. */
	protected static String bearer() {
		return "Bearer " + iam.tokenFor(CALLER);
	}

	/**
	 * A fresh IAM for each case, once the work earlier cases left to the worker (a grant
	 * answered 202) is done: a reset under it would wipe the policies it is still reading
	 * back, and those read-backs would hold the worker's slots for
	 * {@code broker.iam.timeouts.confirm}, stalling this case's work. A case that left
	 * IAM failing on purpose may leave work that does not end: after a while IAM is reset
	 * all the same.
	 */
	@BeforeEach
	void freshIam() {
		try {
			await().atMost(Duration.ofSeconds(15))
				.until(() -> db.sql("select count(*) from grant_policies where status in ('PENDING', 'DELETING')")
					.query(Long.class)
					.single() == 0);
		}
		catch (ConditionTimeoutException stillBusy) {
			// Reset under it: its policies fail or are retried, as the case arranged.
		}
		iam.reset();
	}

	/**
	 * Whatever the brokers answered to an operation of openapi.yaml, the document lists,
	 * and every body, success or problem, validates against the schema the document gives
	 * it: a client generated from it, a validator in front of the broker, or a person
	 * reading Swagger UI, meets no answer it does not know.
	 */
	@AfterAll
	static void everyAnswerIsDocumented() {
		List<String> undocumented = ObservedAnswers.undocumented();
		List<String> violations = ObservedAnswers.violations();
		assertThat(undocumented).as("answers openapi.yaml does not document").isEmpty();
		assertThat(violations).as("answers that do not validate against openapi.yaml (%d)", violations.size())
			.isEmpty();
	}

	/** A random account id, so tests never see each other's grants or policies. */
	protected static String newAccount() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	protected Answer get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	protected Answer delete(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).DELETE();
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	protected Answer post(String path, Object body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString(body instanceof String text ? text : json.writeValueAsString(body)));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static Answer send(HttpRequest.Builder request) {
		if (request.build().headers().firstValue("Authorization").isEmpty()) {
			request.header("Authorization", bearer());
		}
		try {
			HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(90)).build(),
					HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
			return new Answer(response.statusCode(), response, body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A response of the broker. */
	public record Answer(int status, HttpResponse<String> response, JsonNode body) {

		public String header(String name) {
			return response.headers().firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

	}

}

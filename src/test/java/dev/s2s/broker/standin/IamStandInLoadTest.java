package dev.s2s.broker.standin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the IAM stand-in does for load tests: latency that overlaps calls, random faults,
 * counters, and conflicts found through its index as a scan would find them.
 */
class IamStandInLoadTest {

	/** The API key's own account: the only one its token may create policies in. */
	private static final String ACCOUNT = StandInAccounts.HOME_ACCOUNT;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private IamStandIn iam;

	private String token;

	@BeforeEach
	void start() throws Exception {
		iam = IamStandIn.start().recordRequests(false);
		token = json.readTree(requestToken().body()).path("access_token").asString();
	}

	@AfterEach
	void stop() {
		iam.close();
	}

	@Test
	void latencyOverlapsPolicyCallsInsteadOfQueuingThem() {
		iam.latency(Duration.ofMillis(500));
		long started = System.nanoTime();

		List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
		for (int i = 0; i < 80; i++) {
			calls.add(http.sendAsync(authorized("/v1/policies/no-such-policy").GET().build(),
					HttpResponse.BodyHandlers.ofString()));
		}
		calls.forEach(CompletableFuture::join);

		assertThat(calls).allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(404));
		assertThat(iam.stats().mostPolicyCallsInFlight()).isGreaterThanOrEqualTo(64);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500 * 4));
		assertThat(iam.stats().policyCallTime()).isGreaterThanOrEqualTo(Duration.ofMillis(500 * 80));
		assertThat(iam.stats().calls()).containsEntry(IamStandIn.Operation.GET_POLICY, 80L);
		assertThat(iam.stats().answers()).containsEntry("GET_POLICY 404", 80L);
	}

	@Test
	void aLostAnswerStillCreatesThePolicy() {
		iam.randomFaults(new RandomFaults(0, 1, 1, Duration.ZERO, Duration.ZERO));

		assertThatThrownBy(() -> create(document("crn:v1:bluemix:public:iam::::role:Operator")))
			.isInstanceOf(IOException.class);

		assertThat(iam.policiesIn(ACCOUNT)).hasSize(1);
		assertThat(iam.stats().answers()).containsEntry("CREATE_POLICY lost", 1L);
		assertThat(iam.stats().created()).isEqualTo(1);
	}

	@Test
	void aResetBeforeTheWorkCreatesNothing() {
		iam.randomFaults(new RandomFaults(0, 1, 0, Duration.ZERO, Duration.ZERO));

		assertThatThrownBy(() -> create(document("crn:v1:bluemix:public:iam::::role:Operator")))
			.isInstanceOf(IOException.class);

		assertThat(iam.policiesIn(ACCOUNT)).isEmpty();
		assertThat(iam.stats().answers()).containsEntry("CREATE_POLICY reset", 1L);
	}

	@Test
	void serverErrorsAreDealtToPolicyCallsOnly() throws Exception {
		iam.randomFaults(new RandomFaults(1, 0, 0, Duration.ZERO, Duration.ZERO));

		HttpResponse<String> answer = create(document("crn:v1:bluemix:public:iam::::role:Operator"));

		assertThat(answer.statusCode()).isBetween(500, 504);
		assertThat(json.readTree(answer.body()).path("status_code").asInt()).isEqualTo(answer.statusCode());
		assertThat(iam.policiesIn(ACCOUNT)).isEmpty();
		assertThat(requestToken().statusCode()).isEqualTo(200);
	}

	@Test
	void throttlingBurstsEndEveryPeriod() {
		RandomFaults faults = new RandomFaults(0, 0, 0, Duration.ofSeconds(10), Duration.ofSeconds(1));

		assertThat(faults.throttling(Duration.ofMillis(500))).isFalse();
		assertThat(faults.throttling(Duration.ofMillis(8_999))).isFalse();
		assertThat(faults.throttling(Duration.ofMillis(9_000))).isTrue();
		assertThat(faults.throttling(Duration.ofMillis(9_999))).isTrue();
		assertThat(faults.throttling(Duration.ofMillis(10_000))).isFalse();
		assertThat(faults.throttling(Duration.ofMillis(19_500))).isTrue();
		assertThat(RandomFaults.NONE.throttling(Duration.ofMillis(9_500))).isFalse();
	}

	@Test
	void conflictsAreBySubjectAndResourceWhateverTheRolesAndFollowRemovals() throws Exception {
		String operator = "crn:v1:bluemix:public:iam::::role:Operator";
		String editor = "crn:v1:bluemix:public:iam::::role:Editor";
		String id = iam.givenPolicy(document(operator));
		iam.changeRole(id, editor);

		HttpResponse<String> roleOfBefore = create(document(operator));
		HttpResponse<String> roleOfNow = create(document(editor));

		// IAM's spec: "A policy already exists for the given subject and resource".
		assertThat(roleOfBefore.statusCode()).isEqualTo(409);
		assertThat(roleOfNow.statusCode()).isEqualTo(409);
		assertThat(json.readTree(roleOfBefore.body()).at("/errors/0/details/conflicts_with/policy").asString())
			.isEqualTo(id);
		iam.removePolicy(id);
		assertThat(create(document(editor)).statusCode()).isEqualTo(201);
		assertThat(iam.stats().duplicates()).isZero();
	}

	@Test
	void duplicatesAreCountedAndTheOldestIsNamedInConflicts() throws Exception {
		String operator = "crn:v1:bluemix:public:iam::::role:Operator";
		String oldest = iam.givenPolicy(document(operator));
		iam.givenPolicy(document(operator));

		HttpResponse<String> conflict = create(document(operator));

		assertThat(iam.stats().duplicates()).isEqualTo(1);
		assertThat(iam.stats().policies()).isEqualTo(2);
		assertThat(json.readTree(conflict.body()).at("/errors/0/details/conflicts_with/policy").asString())
			.isEqualTo(oldest);
	}

	@Test
	void optionsTakeDurationsAndRefuseUnknownNames() {
		assertThat(StandInServer.options("--latency=50ms", "--resets=0.05")).containsEntry("latency", "50ms")
			.containsEntry("resets", "0.05")
			.containsEntry("server-errors", "0");
		assertThat(StandInServer.duration("50ms")).isEqualTo(Duration.ofMillis(50));
		assertThat(StandInServer.duration("2m")).isEqualTo(Duration.ofMinutes(2));
		assertThatThrownBy(() -> StandInServer.options("--latncy=50ms")).hasMessageContaining("--latncy=50ms");
		assertThatThrownBy(() -> StandInServer.duration("50")).hasMessageContaining("50");
	}

	private HttpResponse<String> requestToken() throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(iam.url() + "/identity/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=" + iam.apiKey()))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> create(Map<String, Object> document) throws IOException, InterruptedException {
		return http.send(authorized("/v1/policies").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(document)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder authorized(String path) {
		return HttpRequest.newBuilder(URI.create(iam.url() + path)).header("Authorization", "Bearer " + token);
	}

	private static Map<String, Object> document(String role) {
		return Map.of("type", "authorization", "subjects",
				List.of(Map.of("attributes",
						List.of(attribute("accountId", ACCOUNT), attribute("serviceName", "is"),
								attribute("resourceType", "backup-policy")))),
				"roles", List.of(Map.of("role_id", role)), "resources", List.of(Map.of("attributes", List
					.of(attribute("accountId", ACCOUNT), attribute("serviceName", "is"), attribute("volumeId", "*")))));
	}

	private static Map<String, String> attribute(String name, String value) {
		return Map.of("name", name, "value", value);
	}

}

package dev.s2s.broker.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import dev.s2s.broker.standin.IamStandIn.Received;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans read IAM on the caller's request thread: once per document, within
 * {@code broker.iam.timeouts.plan-read} (1 s in the tests), never retried. Issue 13: with
 * IAM answering 500, retries made a 5-document plan take 61 s.
 */
class PlanIT extends BrokerIT {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

	/** Time the broker and the HTTP round trip may add to the reads themselves. */
	private static final Duration SLACK = Duration.ofSeconds(3);

	@Test
	void aPlanReadsIamOncePerDocumentAndReportsUnknownWhenIamAnswers500() {
		String account = newAccount();
		for (int i = 0; i < 40; i++) {
			iam.failNext(Operation.LIST_POLICIES, Fault.status(500));
		}

		long started = System.nanoTime();
		Answer plan = post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters",
				Map.of("accountId", account, "enterpriseAccountId", newAccount())));
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(plan.status()).isEqualTo(200);
		SoftAssertions.assertSoftly(softly -> {
			softly.assertThat(readsOf(account)).as("reads of IAM, one per document").isEqualTo(5);
			softly.assertThat(took)
				.as("a plan's time while IAM fails")
				.isLessThan(READ_TIMEOUT.multipliedBy(5).plus(SLACK));
			softly.assertThat(field(plan, "inIam"))
				.containsExactly("UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN");
			softly.assertThat(field(plan, "reason"))
				.hasSize(5)
				.allSatisfy(reason -> assertThat(reason).contains("IAM answered 500").doesNotContain(iam.apiKey()));
		});
	}

	@Test
	void aPlanAnswersWithinItsReadTimeoutPerDocumentWhenIamHangs() {
		String account = newAccount();
		for (int i = 0; i < 40; i++) {
			iam.failNext(Operation.LIST_POLICIES, Fault.latency(Duration.ofSeconds(5)));
		}

		long started = System.nanoTime();
		Answer plan = post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)));
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(plan.status()).isEqualTo(200);
		SoftAssertions.assertSoftly(softly -> {
			softly.assertThat(readsOf(account)).as("reads of IAM, one per document").isEqualTo(4);
			softly.assertThat(took)
				.as("a plan's time while IAM hangs")
				.isLessThan(READ_TIMEOUT.multipliedBy(4).plus(SLACK));
			softly.assertThat(field(plan, "inIam")).containsExactly("UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN");
			softly.assertThat(field(plan, "reason"))
				.hasSize(4)
				.allSatisfy(reason -> assertThat(reason).contains("did not answer within 1000 ms"));
		});
	}

	@Test
	void aPlanGivesNoReasonWhenIamAnswers() {
		Answer plan = post("/v1/plans",
				Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", newAccount())));

		assertThat(field(plan, "inIam")).containsExactly("ABSENT", "ABSENT", "ABSENT", "ABSENT");
		assertThat(plan.body().path("policies").valueStream().map(policy -> policy.has("reason")))
			.as("no policy has a reason member")
			.containsExactly(false, false, false, false);
	}

	/** One member of every planned policy, as text. */
	private static List<String> field(Answer plan, String name) {
		return plan.body()
			.path("policies")
			.valueStream()
			.map(policy -> policy.path(name))
			.map(JsonNode::asString)
			.toList();
	}

	/**
	 * How many times the stand-in was asked for the policies of the account by a plan.
	 */
	private static long readsOf(String account) {
		return iam.received().stream().filter(request -> isListOf(request, account)).count();
	}

	private static boolean isListOf(Received request, String account) {
		return request.method().equals("GET") && request.path().equals("/v1/policies") && request.query() != null
				&& request.query().contains("account_id=" + account)
				&& String.valueOf(request.transactionId()).startsWith("s2s-plan-");
	}

}

package dev.s2s.broker.idempotency;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idempotency-Key on POSTs, as draft-ietf-httpapi-idempotency-key-header describes it.
 */
class IdempotencyKeyIT extends BrokerIT {

	@Test
	void repeatingARequestWithItsKeyReplaysTheFirstAnswerWithoutNewWork() {
		String key = UUID.randomUUID().toString();
		String account = newAccount();
		Map<String, String> body = Map.of("accountId", account);

		Answer first = post("/v1/backup-authorizations", body, "Idempotency-Key", key);
		await().atMost(Duration.ofSeconds(20)).until(() -> iam.policiesIn(account).size() == 4);
		int requestsToIam = iam.received().size();
		Answer repeat = post("/v1/backup-authorizations", body, "Idempotency-Key", key);

		assertThat(first.status()).isEqualTo(202);
		assertThat(repeat.status()).as("the first answer, not today's 200").isEqualTo(202);
		assertThat(repeat.header("Location")).isEqualTo(first.header("Location"));
		assertThat(repeat.body()).isEqualTo(first.body());
		assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(iam.received()).hasSize(requestsToIam);
	}

	@Test
	void refusesTheSameKeyForADifferentRequest() {
		String key = UUID.randomUUID().toString();
		post("/v1/backup-authorizations", Map.of("accountId", newAccount()), "Idempotency-Key", key);

		Answer other = post("/v1/backup-authorizations", Map.of("accountId", newAccount()), "Idempotency-Key", key);

		assertThat(other.status()).isEqualTo(422);
		assertThat(other.contentType()).isEqualTo("application/problem+json");
		assertThat(other.body().path("errors").path(0).path("field").asString()).isEqualTo("Idempotency-Key");
	}

	@Test
	void refusesARepeatWhileTheFirstIsStillBeingProcessed() {
		String key = UUID.randomUUID().toString();
		String account = newAccount();
		Map<String, String> body = Map.of("accountId", account);
		iam.failNext(Operation.CREATE_POLICY, Fault.latency(Duration.ofSeconds(2)));
		CompletableFuture<Answer> first = CompletableFuture
			.supplyAsync(() -> post("/v1/backup-authorizations", body, "Idempotency-Key", key, "Prefer", "wait=20"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> iam.received()
				.stream()
				.anyMatch(r -> r.path().equals("/v1/policies") && r.body() != null && r.body().contains(account)));

		Answer meanwhile = post("/v1/backup-authorizations", body, "Idempotency-Key", key, "Prefer", "wait=20");

		assertThat(meanwhile.status()).isEqualTo(409);
		assertThat(first.join().status()).isEqualTo(201);
		assertThat(post("/v1/backup-authorizations", body, "Idempotency-Key", key, "Prefer", "wait=20").status())
			.isEqualTo(201);
	}

	@Test
	void keepsAnsweringTheSameInvalidRequestTheSameWay() {
		String key = UUID.randomUUID().toString();

		Answer first = post("/v1/backup-authorizations", Map.of("accountId", "nope"), "Idempotency-Key", key);
		Answer repeat = post("/v1/backup-authorizations", Map.of("accountId", "nope"), "Idempotency-Key", key);

		assertThat(first.status()).isEqualTo(400);
		assertThat(repeat.status()).isEqualTo(400);
		assertThat(repeat.body()).isEqualTo(first.body());
	}

	@Test
	void refusesAMalformedKey() {
		Answer answer = post("/v1/backup-authorizations", Map.of("accountId", newAccount()), "Idempotency-Key", "a b");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body().path("errors").path(0).path("field").asString()).isEqualTo("Idempotency-Key");
	}

	@Test
	void keepsKeysApartForCallersThatShareASubjectButNotAnIdentity() {
		String key = UUID.randomUUID().toString();
		Map<String, String> body = Map.of("accountId", newAccount());
		Answer first = post("/v1/backup-authorizations", body, "Idempotency-Key", key);
		String impostor = "Bearer " + iam.tokenWithClaims(CALLER, Map.of("iam_id", "iam-ServiceId-impostor"));

		Answer other = post("/v1/backup-authorizations", body, "Idempotency-Key", key, "Authorization", impostor);

		assertThat(first.status()).isEqualTo(202);
		assertThat(other.status()).as("its own answer: no rule names it").isEqualTo(403);
		assertThat(other.header("Idempotent-Replayed")).isNull();
		assertThat(other.body().toString()).doesNotContain(first.body().path("id").asString());
		assertThat(db
			.sql("select count(*) from audit_events where caller = 'iam-ServiceId-impostor' "
					+ "and outcome = 'DENIED'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void takesTheQuotesOfAKeyAsNoPartOfIt() {
		String key = "k".repeat(255);
		Map<String, String> body = Map.of("accountId", newAccount());

		Answer quoted = post("/v1/backup-authorizations", body, "Idempotency-Key", "\"" + key + "\"");
		Answer bare = post("/v1/backup-authorizations", body, "Idempotency-Key", key);

		assertThat(quoted.status()).as("257 characters with its quotes").isEqualTo(202);
		assertThat(bare.status()).isEqualTo(202);
		assertThat(bare.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(post("/v1/backup-authorizations", body, "Idempotency-Key", "\"" + key).status())
			.as("an unbalanced quote")
			.isEqualTo(400);
	}

	@Test
	void scopesKeysToTheirEndpointAndBody() {
		String key = UUID.randomUUID().toString();
		String account = newAccount();
		post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)), "Idempotency-Key",
				key);

		Answer grant = post("/v1/backup-authorizations", Map.of("accountId", account), "Idempotency-Key", key);

		assertThat(grant.status()).as("another request with the same key").isEqualTo(422);
	}

}

package dev.s2s.broker.grant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.Intent;

import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * A broker of one test class's own, in a schema of its own and with settings of its own,
 * and the grant service calls its specifications make, as the test caller.
 */
final class OwnBroker implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private OwnBroker(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static OwnBroker start(String schema, Map<String, String> properties) {
		return new OwnBroker(BrokerIT.startBroker(TestDatabase.get(schema), properties));
	}

	/** A random account id, so cases never see each other's grants or policies. */
	static String newAccount() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	/** Grants vpc-backup for {@code account}; the grant's id. */
	UUID requestBackup(String account) {
		return BrokerIT.asTestCaller(
				() -> service().request(new Intent("vpc-backup", Map.of("accountId", account)), GrantMode.CREATE)
					.grant()
					.id());
	}

	/** The grant once it is final (within 30 s). */
	Grant awaitFinal(UUID id) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> BrokerIT.asTestCaller(() -> service().find(id)).status().isFinal());
		return BrokerIT.asTestCaller(() -> service().find(id));
	}

	List<SubmissionAttempt> attempts(UUID id) {
		return BrokerIT.asTestCaller(() -> service().attempts(id));
	}

	void retry(UUID id) {
		BrokerIT.asTestCaller(() -> service().retry(id));
	}

	private GrantService service() {
		return context.getBean(GrantService.class);
	}

	@Override
	public void close() {
		context.close();
	}

}

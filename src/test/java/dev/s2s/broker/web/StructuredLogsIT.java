package dev.s2s.broker.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.grant.GrantService;
import dev.s2s.broker.recipe.Intent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With structured logging on, each submission's log lines are JSON carrying the grant and
 * IAM transaction id.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsIT {

	@Test
	void submissionLogLinesCarryTheGrantAndTheTransactionId(CapturedOutput output) {
		UUID id;
		try (ConfigurableApplicationContext broker = BrokerIT.startBroker(TestDatabase.get("s2s_it_logs"),
				Map.of("logging.structured.format.console", "ecs"))) {
			GrantService grants = broker.getBean(GrantService.class);
			id = BrokerIT.asTestCaller(() -> grants
				.request(new Intent("vpc-backup", Map.of("accountId", UUID.randomUUID().toString().replace("-", ""))))
				.grant()
				.id());
			grants.awaitFinal(id, Instant.now().plusSeconds(20));
		}
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> submissions = output.getOut()
			.lines()
			.filter(line -> line.startsWith("{") && line.contains("Submission s2s-" + id))
			.map(json::readTree)
			.toList();

		assertThat(submissions).hasSize(4).allSatisfy(line -> {
			assertThat(line.path("grantId").asString()).isEqualTo(id.toString());
			assertThat(line.path("transactionId").asString()).startsWith("s2s-" + id + "-");
			assertThat(line.path("log").path("level").asString("") + line.path("log.level").asString(""))
				.isEqualTo("INFO");
		});
	}

}

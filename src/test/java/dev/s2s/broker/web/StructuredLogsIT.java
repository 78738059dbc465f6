package dev.s2s.broker.web;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import dev.s2s.broker.grant.GrantService;
import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.Intent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With structured logging on, each submission's log lines are JSON carrying the grant and
 * IAM transaction id, and the service named is the broker, at its own version.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsIT {

	/**
	 * Spring Boot sets up the JVM's logging at the first start and not again until a
	 * context closes: with a cached context of another test running, this broker would
	 * log in that one's format.
	 */
	@BeforeAll
	static void theBrokerSetsUpLogging() {
		LoggingSystem.get(StructuredLogsIT.class.getClassLoader()).cleanUp();
	}

	@Test
	void submissionLogLinesCarryTheGrantAndTheTransactionId(CapturedOutput output) throws Exception {
		UUID id;
		try (ConfigurableApplicationContext broker = BrokerIT.startBroker(TestDatabase.get("s2s_it_logs"),
				Map.of("logging.structured.format.console", "ecs"))) {
			GrantService grants = broker.getBean(GrantService.class);
			id = BrokerIT.asTestCaller(
					() -> grants
						.request(
								new Intent("vpc-backup",
										Map.of("accountId", UUID.randomUUID().toString().replace("-", ""))),
								GrantMode.CREATE)
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

		assertThat(submissions)
			.as("for each of the 4 policies, how its submission ended (IAM serving it at the "
					+ "first read back is logged at DEBUG only)")
			.hasSize(4)
			.allSatisfy(line -> {
				assertThat(line.path("grantId").asString()).isEqualTo(id.toString());
				assertThat(line.path("transactionId").asString()).startsWith("s2s-" + id + "-");
				assertThat(line.path("log").path("level").asString("") + line.path("log.level").asString(""))
					.isEqualTo("INFO");
				assertThat(line.path("service").path("name").asString()).isEqualTo("s2s-broker");
				assertThat(line.path("service").path("version").asString()).isEqualTo(projectVersion());
			});
	}

	/**
	 * Logging is the JVM's: the JSON format stays (as a system property Spring Boot sets
	 * only when absent) for every broker the other tests start afterwards, and in the
	 * cached ones that keep running. Plain lines again, as those brokers were started
	 * with.
	 */
	@AfterAll
	static void plainLogLinesAgain() {
		System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
		LoggingSystem logging = LoggingSystem.get(StructuredLogsIT.class.getClassLoader());
		logging.cleanUp();
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(
				new MockEnvironment().withProperty("spring.application.name", "s2s-broker")), null, null);
	}

	/** The version pom.xml gives the broker. */
	private static String projectVersion() throws Exception {
		return XPathFactory.newInstance()
			.newXPath()
			.evaluate("/project/version",
					DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile()));
	}

}

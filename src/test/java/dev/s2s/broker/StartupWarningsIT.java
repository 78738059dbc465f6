package dev.s2s.broker;

import java.nio.file.Path;
import java.time.Duration;

import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.SharedIamStandIn;
import dev.s2s.broker.standin.StandInAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a person reading the start-up log is told: that nothing is kept on the embedded
 * in-memory database, and that with no access rules every call will be refused; and no
 * warning that is not theirs to act on.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupWarningsIT {

	private final IamStandIn iam = SharedIamStandIn.get();

	@Test
	void warnsOfAnInMemoryDatabaseAndOfNoAccessRulesAndOfNothingElse(CapturedOutput output) {
		try (ConfigurableApplicationContext broker = new SpringApplicationBuilder(BrokerApplication.class)
			.main(BrokerApplication.class)
			.run("--server.port=0", "--broker.iam.url=" + iam.url(), "--broker.iam.api-key=" + iam.apiKey(),
					"--broker.iam.accounts.default-profile-name=" + StandInAccounts.TEMPLATE_PROFILE,
					"--spring.datasource.url=jdbc:h2:mem:startup-warnings;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
					"--broker.worker.enabled=false", "--broker.reconciler.enabled=false",
					"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + iam.issuer(),
					"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + iam.url() + "/identity/keys")) {
			assertThat(broker.isRunning()).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("IAM base identity"));
		}

		assertThat(output.getOut()).contains("IAM base identity (broker.iam.api-key): iam-ServiceId-standin in home "
				+ "account " + iam.homeAccount());

		assertThat(output.getOut()).contains("records into an in-memory H2 database (jdbc:h2:mem:startup-warnings)",
				"No access rules are configured (broker.access.callers)");
		assertThat(output.getOut()).doesNotContain("SpringDoc /v3/api-docs endpoint is enabled by default",
				"SpringDoc /swagger-ui.html endpoint is enabled by default");
		assertThat(output.getOut().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
			.allSatisfy(line -> assertThat(line).containsAnyOf("records into an in-memory H2 database",
					"No access rules are configured"));
	}

	@Test
	void tellsWhyIamIssuesNoTokenForAComputeResourceTokenFileThatIsMissing(CapturedOutput output) {
		Path missing = Path.of("target", "no-such-token-" + System.nanoTime());
		try (ConfigurableApplicationContext broker = new SpringApplicationBuilder(BrokerApplication.class)
			.main(BrokerApplication.class)
			.run("--server.port=0", "--broker.iam.url=" + iam.url(),
					"--broker.iam.compute-resource.token-file=" + missing,
					"--broker.iam.compute-resource.profile-name=s2s-broker-pod",
					"--spring.datasource.url=jdbc:h2:mem:startup-token-file;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
					"--broker.worker.enabled=false", "--broker.reconciler.enabled=false",
					"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + iam.issuer(),
					"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + iam.url() + "/identity/keys")) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> output.getOut().contains("IAM issues no token for the broker's base identity"));
		}

		assertThat(output.getOut().lines().filter(line -> line.contains("IAM issues no token"))).singleElement()
			.satisfies(line -> assertThat(line)
				.contains(" WARN ", missing.toString(), "broker.iam.compute-resource.token-file", "cannot be read")
				.doesNotContain("Exception:", "\tat "));
	}

}

package dev.s2s.broker;

import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.SharedIamStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

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
					"--spring.datasource.url=jdbc:h2:mem:startup-warnings;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
					"--broker.worker.enabled=false", "--broker.reconciler.enabled=false",
					"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + iam.issuer(),
					"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + iam.url() + "/identity/keys")) {
			assertThat(broker.isRunning()).isTrue();
		}

		assertThat(output.getOut()).contains("records into an in-memory H2 database (jdbc:h2:mem:startup-warnings)",
				"No access rules are configured (broker.access.callers)");
		assertThat(output.getOut()).doesNotContain("SpringDoc /v3/api-docs endpoint is enabled by default",
				"SpringDoc /swagger-ui.html endpoint is enabled by default");
		assertThat(output.getOut().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
			.allSatisfy(line -> assertThat(line).containsAnyOf("records into an in-memory H2 database",
					"No access rules are configured"));
	}

}

package dev.s2s.broker;

import dev.s2s.broker.standin.IamStandIn;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;

/**
 * The no-setup run ({@code ./mvnw spring-boot:test-run}): the broker on the embedded H2 database,
 * wired to an IAM stand-in started in the same process. The stand-in's port is random unless
 * {@code -Diam-stand-in.port=N} is given.
 */
public final class TestBrokerApplication {

	private TestBrokerApplication() {
	}

	public static void main(String[] args) {
		IamStandIn iam = IamStandIn.start(Integer.getInteger("iam-stand-in.port", 0));
		System.setProperty("broker.iam.url", iam.url().toString());
		System.setProperty("broker.iam.api-key", iam.apiKey());
		LoggerFactory.getLogger(TestBrokerApplication.class)
			.info("IAM stand-in listening on {}; the broker uses it and the embedded H2 database", iam.url());
		SpringApplication.run(BrokerApplication.class, args);
	}

}

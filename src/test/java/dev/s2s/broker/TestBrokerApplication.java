package dev.s2s.broker;

import dev.s2s.broker.standin.IamStandIn;
import dev.s2s.broker.standin.StandInAccounts;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.PortInUseException;

/**
 * The no-setup run ({@code ./mvnw spring-boot:test-run}): the broker on the embedded H2
 * database, wired to an IAM stand-in started in the same process on port 8081 (the
 * argument {@code --iam-stand-in.port=N} changes it). The stand-in is both the IAM the
 * broker submits to and the issuer of the callers' tokens: its API key
 * {@value #DEMO_API_KEY} gets one.
 */
public final class TestBrokerApplication {

	private TestBrokerApplication() {
	}

	/**
	 * The API key the stand-in of the no-setup run knows; it is not a secret of any real
	 * IAM.
	 */
	public static final String DEMO_API_KEY = "s2s-broker-demo-key";

	public static void main(String[] args) {
		int port = Integer.getInteger("iam-stand-in.port", 8081);
		for (String arg : args) {
			if (arg.startsWith("--iam-stand-in.port=")) {
				port = Integer.parseInt(arg.substring("--iam-stand-in.port=".length()));
			}
		}
		IamStandIn iam;
		try {
			iam = IamStandIn.start(port, DEMO_API_KEY);
		}
		catch (IllegalStateException portTaken) {
			LoggerFactory.getLogger(TestBrokerApplication.class)
				.error("The IAM stand-in cannot listen on port {} ({}). Move it with --iam-stand-in.port=N, e.g. "
						+ "./mvnw spring-boot:test-run -Dspring-boot.run.arguments=\"--server.port=9080 "
						+ "--iam-stand-in.port=9081\"", port, String.valueOf(portTaken.getCause().getMessage()));
			System.exit(1);
			return;
		}
		System.setProperty("broker.iam.url", iam.url().toString());
		System.setProperty("broker.iam.api-key", iam.apiKey());
		// The stand-in is an enterprise whose every child account has a trusted profile
		// of this name that the demo key's service ID may assume (as an enterprise
		// trusted-profile template would make): any account id works out of the box.
		System.setProperty("broker.iam.accounts.default-profile-name", StandInAccounts.TEMPLATE_PROFILE);
		System.setProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", iam.issuer());
		System.setProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", iam.url() + "/identity/keys");
		// The demo service ID (whose token the demo API key gets) may do everything.
		System.setProperty("broker.access.callers[0].name", "demo");
		System.setProperty("broker.access.callers[0].subjects[0]", "iam-ServiceId-standin");
		System.setProperty("broker.access.callers[0].operations", "READ,PLAN,GRANT,REVOKE,BULK,METRICS");
		System.setProperty("broker.access.callers[0].recipes", "*");
		System.setProperty("broker.access.callers[0].accounts", "*");
		LoggerFactory.getLogger(TestBrokerApplication.class)
			.info("IAM stand-in listening on {}; the broker uses it and the embedded H2 database. Get a token "
					+ "(it lives one hour; run the same command again for a new one): "
					+ "curl -s {}/identity/token -d grant_type=urn:ibm:params:oauth:grant-type:apikey -d apikey={}",
					iam.url(), iam.url(), DEMO_API_KEY);
		try {
			SpringApplication.run(BrokerApplication.class, args);
		}
		catch (RuntimeException failedToStart) {
			// Spring has reported why; a taken port also gets the argument that moves it.
			// Without close() the stand-in's threads would keep the JVM alive.
			for (Throwable cause = failedToStart; cause != null; cause = cause.getCause()) {
				if (cause instanceof PortInUseException taken) {
					LoggerFactory.getLogger(TestBrokerApplication.class)
						.error("Port {} is taken. Move the broker with --server.port=N (and the stand-in with "
								+ "--iam-stand-in.port=N), e.g. ./mvnw spring-boot:test-run "
								+ "-Dspring-boot.run.arguments=\"--server.port=9080 --iam-stand-in.port=9081\"",
								taken.getPort());
					break;
				}
			}
			iam.close();
			System.exit(1);
		}
	}

}

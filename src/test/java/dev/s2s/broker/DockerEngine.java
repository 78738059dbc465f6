package dev.s2s.broker;

import org.testcontainers.DockerClientFactory;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Whether a Docker engine answers, for the tests that need one
 * ({@code @EnabledIf("dev.s2s.broker.DockerEngine#available")}), asked quietly. To find
 * an engine, Testcontainers tries each way it knows; when none answers it logs an ERROR
 * naming every failure (on Linux without Docker Desktop, a NullPointerException from its
 * Docker Desktop strategy, whose socket path is null there). Testcontainers' own
 * {@code @EnabledIfDockerAvailable} asks the same way. Here no engine is an expected
 * state (the tests then use another PostgreSQL, or skip), so Testcontainers' logging is
 * off for the probe alone; Testcontainers remembers the answer, and later asks log
 * nothing either.
 */
public final class DockerEngine {

	private static final String TESTCONTAINERS = "org.testcontainers";

	private DockerEngine() {
	}

	public static boolean available() {
		LoggingSystem logging = LoggingSystem.get(DockerEngine.class.getClassLoader());
		LoggerConfiguration before = logging.getLoggerConfiguration(TESTCONTAINERS);
		logging.setLogLevel(TESTCONTAINERS, LogLevel.OFF);
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		finally {
			logging.setLogLevel(TESTCONTAINERS, (before != null) ? before.getConfiguredLevel() : null);
		}
	}

}

package dev.s2s.broker;

import java.util.HashMap;
import java.util.Map;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL the integration tests run against, found in this order:
 * <ol>
 * <li>the server named by {@code SPRING_DATASOURCE_URL} (with
 * {@code SPRING_DATASOURCE_USERNAME} and {@code SPRING_DATASOURCE_PASSWORD}), as CI sets
 * it;</li>
 * <li>a Testcontainers PostgreSQL, where a Docker engine runs;</li>
 * <li>a local server at {@code 127.0.0.1:5432/test} as user {@code postgres}.</li>
 * </ol>
 * When none answers, the tests fail loudly: they never pass without a database. Each test
 * run gets fresh schemas, so earlier runs leave nothing behind that could fool a test.
 */
public record TestDatabase(String url, String username, String password) {

	private static final String SCHEMA = "s2s_it";

	private static final Map<String, TestDatabase> schemas = new HashMap<>();

	private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private static TestDatabase server;

	/** The database of the integration tests that share cached Spring contexts. */
	public static TestDatabase get() {
		return get(SCHEMA);
	}

	/**
	 * A database of its own, for tests that start brokers of their own: a broker left
	 * running in a cached context must not take their work.
	 */
	public static synchronized TestDatabase get(String schema) {
		if (server == null) {
			server = locate();
		}
		return schemas.computeIfAbsent(schema, name -> withFreshSchema(server, name));
	}

	private static TestDatabase locate() {
		String url = System.getenv("SPRING_DATASOURCE_URL");
		if (url != null && !url.isBlank()) {
			return new TestDatabase(url, envOr("SPRING_DATASOURCE_USERNAME", "postgres"),
					envOr("SPRING_DATASOURCE_PASSWORD", ""));
		}
		if (DockerEngine.available()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
			return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		TestDatabase local = new TestDatabase(LOCAL_URL, "postgres", "");
		try (Connection ignored = local.connect()) {
			return local;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("""
					The integration tests need a real PostgreSQL and found none: set SPRING_DATASOURCE_URL \
					(and SPRING_DATASOURCE_USERNAME/PASSWORD), run a Docker engine for Testcontainers, or run \
					PostgreSQL at 127.0.0.1:5432 with database 'test' and user 'postgres'. Tried %s: %s"""
				.formatted(LOCAL_URL, ex.getMessage()), ex);
		}
	}

	private static TestDatabase withFreshSchema(TestDatabase database, String schema) {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("drop schema if exists " + schema + " cascade");
			statement.execute("create schema " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot prepare schema " + schema + " in " + database.url(), ex);
		}
		String separator = database.url().contains("?") ? "&" : "?";
		return new TestDatabase(database.url() + separator + "currentSchema=" + schema, database.username(),
				database.password());
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(url, username, password);
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return value == null ? fallback : value;
	}

	@Override
	public String toString() {
		return "TestDatabase[url=" + url + ", username=" + username + "]";
	}

}

package dev.s2s.broker.grant;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flyway migrations on a pristine PostgreSQL of the version we deploy on; needs a
 * Docker engine and is skipped without one (the other integration tests cover PostgreSQL
 * then).
 */
@Testcontainers
@EnabledIf(value = "dev.s2s.broker.DockerEngine#available", disabledReason = "no Docker engine answers")
class MigrationsOnPostgresContainerIT {

	@Container
	static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");

	@Test
	void migrateAPristineDatabase() {
		Flyway flyway = Flyway.configure()
			.dataSource(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword())
			.load();

		assertThat(flyway.migrate().migrationsExecuted).isPositive();
		assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
	}

}

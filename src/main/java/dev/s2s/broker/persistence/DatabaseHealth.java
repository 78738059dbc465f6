package dev.s2s.broker.persistence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness's check of the database: Spring Boot's own (a connection from the pool,
 * validated), answered within {@value #BOUND_MILLIS} ms whatever the database does. A
 * database that is down makes the pool wait its whole connection timeout; readiness must
 * not (issue 19: it took 30 s to say 503).
 */
@Component("database")
class DatabaseHealth implements HealthIndicator {

	static final long BOUND_MILLIS = 1500;

	private final HealthIndicator database;

	/** Checks run here, so one that hangs holds no caller's thread. */
	private final ExecutorService checks = Executors.newCachedThreadPool(command -> {
		Thread thread = new Thread(command, "database-health");
		thread.setDaemon(true);
		return thread;
	});

	DatabaseHealth(DataSource dataSource) {
		this.database = new DataSourceHealthIndicator(dataSource);
	}

	@Override
	public Health health() {
		CompletableFuture<Health> checked = CompletableFuture.supplyAsync(database::health, checks);
		try {
			return checked.get(BOUND_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			checked.cancel(true);
			return Health.down()
				.withDetail("error", "no valid connection within " + Duration.ofMillis(BOUND_MILLIS))
				.build();
		}
		catch (ExecutionException ex) {
			return Health.down().withDetail("error", ex.getCause().getClass().getSimpleName()).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.down().withDetail("error", "interrupted").build();
		}
	}

}

package dev.s2s.broker.persistence;

import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Keeps an embedded H2 database open until the broker has stopped. H2 closes its
 * databases from a JVM shutdown hook of its own ({@code DB_CLOSE_ON_EXIT}, on by default)
 * that runs alongside Spring's, so on SIGTERM the database could close under the
 * submission worker before it recorded what IAM had just done ("Cannot record the outcome
 * … Database is already closed", issue 13). With {@code DB_CLOSE_ON_EXIT=FALSE} the
 * database closes with the connection pool, which Spring closes only after every
 * lifecycle, the worker's first, has stopped. An H2 URL that sets
 * {@code DB_CLOSE_ON_EXIT} itself, and a remote H2 server, are left alone.
 */
class H2ClosesLast implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(H2ClosesLast.class);

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
			String url = closingLast(pool.getJdbcUrl());
			if (!url.equals(pool.getJdbcUrl())) {
				log.info("Embedded H2 database: adding DB_CLOSE_ON_EXIT=FALSE so it closes after the broker stops");
				pool.setJdbcUrl(url);
			}
		}
		return bean;
	}

	/**
	 * The JDBC URL with {@code ;DB_CLOSE_ON_EXIT=FALSE} when it is an embedded H2
	 * database's that does not say; any other URL as it is.
	 */
	static String closingLast(String url) {
		String upper = url.toUpperCase(Locale.ROOT);
		boolean embeddedH2 = upper.startsWith("JDBC:H2:") && !upper.startsWith("JDBC:H2:TCP:")
				&& !upper.startsWith("JDBC:H2:SSL:");
		if (!embeddedH2 || upper.contains(";DB_CLOSE_ON_EXIT=")) {
			return url;
		}
		return url + (url.endsWith(";") ? "" : ";") + "DB_CLOSE_ON_EXIT=FALSE";
	}

}

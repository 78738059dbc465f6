package dev.s2s.broker.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PersistenceConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * The embedded default keeps everything in memory: said once at start-up, so nobody
	 * mistakes a demo for a deployment.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void warnWhenNothingIsKept(ApplicationReadyEvent ready) {
		String url = ready.getApplicationContext().getEnvironment().getProperty("spring.datasource.url", "");
		if (url.startsWith("jdbc:h2:mem:")) {
			log.warn("The broker records into an in-memory H2 database ({}): every grant, attempt and audit event "
					+ "is lost when it stops. Set SPRING_DATASOURCE_URL (and _USERNAME, _PASSWORD) to a PostgreSQL "
					+ "database to keep them.", url.replaceAll(";.*", ""));
		}
	}

	/** Static: a post-processor must exist before the beans it processes. */
	@Bean
	static BeanPostProcessor h2ClosesLast() {
		return new H2ClosesLast();
	}

}

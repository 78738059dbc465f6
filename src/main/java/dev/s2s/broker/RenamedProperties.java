package dev.s2s.broker;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The settings issue 21 renamed, under their old names for one more release: a value set
 * under an old name, in any form Spring Boot binds (a property, an environment variable
 * such as {@code BROKER_IAM_READ_TIMEOUT}, an argument), is used under its new name
 * unless the new name is set too, with a warning at start-up naming both. IAM's timeouts
 * now live under {@code broker.iam.timeouts}, the worker's concurrency under
 * {@code broker.worker}. The IDE metadata marks the old names deprecated too.
 */
class RenamedProperties implements EnvironmentPostProcessor, Ordered {

	/** Old name to new name. */
	static final Map<String, String> RENAMED = Map.of("broker.iam.connect-timeout", "broker.iam.timeouts.connect",
			"broker.iam.read-timeout", "broker.iam.timeouts.read", "broker.iam.confirm-timeout",
			"broker.iam.timeouts.confirm", "broker.iam.roles-read-timeout", "broker.iam.timeouts.roles-read",
			"broker.catalog.plan-read-timeout", "broker.iam.timeouts.plan-read", "broker.inventory.read-timeout",
			"broker.iam.timeouts.inventory-read", "broker.iam.max-concurrency", "broker.worker.max-concurrency",
			"broker.iam.cluster-max-concurrency", "broker.worker.cluster-max-concurrency");

	private final Log log;

	RenamedProperties(DeferredLogFactory logs) {
		this.log = logs.getLog(RenamedProperties.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		Map<String, Object> renamed = new LinkedHashMap<>();
		RENAMED.forEach((old, current) -> binder.bind(old, String.class).ifBound(value -> {
			if (binder.bind(current, String.class).isBound()) {
				log.warn(old + " is deprecated and ignored: " + current + " is set too");
			}
			else {
				log.warn(old + " is deprecated; it is used as " + current + " for now: rename it");
				renamed.put(current, value);
			}
		}));
		if (!renamed.isEmpty()) {
			environment.getPropertySources().addFirst(new MapPropertySource("renamedBrokerProperties", renamed));
		}
	}

	/** After the configuration files and the environment are read. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}

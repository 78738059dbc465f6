package dev.s2s.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.impl.NoOpLog;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings renamed in issue 21 keep working under their old names for one release,
 * with a warning naming the new one; a new name set beside an old one wins.
 */
class RenamedPropertiesTest {

	private final List<String> warnings = new ArrayList<>();

	private final RenamedProperties renamed = new RenamedProperties(destination -> new NoOpLog() {
		@Override
		public void warn(Object message) {
			warnings.add(String.valueOf(message));
		}
	});

	@Test
	void anOldNameIsReadAsItsNewNameWithAWarning() {
		StandardEnvironment environment = environment(Map.of("broker.iam.read-timeout", "7s"),
				Map.of("BROKER_IAM_MAX_CONCURRENCY", "16"));

		renamed.postProcessEnvironment(environment, new SpringApplication());

		Binder binder = Binder.get(environment);
		assertThat(binder.bind("broker.iam.timeouts.read", Duration.class).get()).isEqualTo(Duration.ofSeconds(7));
		assertThat(binder.bind("broker.worker.max-concurrency", Integer.class).get()).as("from the environment")
			.isEqualTo(16);
		assertThat(warnings).containsExactlyInAnyOrder(
				"broker.iam.read-timeout is deprecated; it is used as broker.iam.timeouts.read for now: rename it",
				"broker.iam.max-concurrency is deprecated; it is used as broker.worker.max-concurrency for now: "
						+ "rename it");
	}

	@Test
	void aNewNameSetBesideTheOldOneWins() {
		StandardEnvironment environment = environment(
				Map.of("broker.catalog.plan-read-timeout", "9s", "broker.iam.timeouts.plan-read", "3s"), Map.of());

		renamed.postProcessEnvironment(environment, new SpringApplication());

		assertThat(Binder.get(environment).bind("broker.iam.timeouts.plan-read", Duration.class).get())
			.isEqualTo(Duration.ofSeconds(3));
		assertThat(warnings).containsExactly(
				"broker.catalog.plan-read-timeout is deprecated and ignored: broker.iam.timeouts.plan-read is set too");
	}

	@Test
	void nothingOldSetChangesNothing() {
		StandardEnvironment environment = environment(Map.of("broker.worker.max-concurrency", "4"), Map.of());
		int sources = environment.getPropertySources().size();

		renamed.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getPropertySources().size()).isEqualTo(sources);
		assertThat(warnings).isEmpty();
	}

	private static StandardEnvironment environment(Map<String, Object> properties, Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		environment.getPropertySources().addLast(new SystemEnvironmentPropertySource("variables", variables));
		return environment;
	}

}

package dev.s2s.broker.grant;

import dev.s2s.broker.TestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The work queue's specifications on real PostgreSQL, in a schema of their own
 * ({@code s2s_queue_it}): one claim round is one statement there.
 */
class PolicyQueueIT extends PolicyQueueSpecification {

	@DynamicPropertySource
	static void ownSchema(DynamicPropertyRegistry registry) {
		TestDatabase database = TestDatabase.get("s2s_queue_it");
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
	}

}

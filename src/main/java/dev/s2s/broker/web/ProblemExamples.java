package dev.s2s.broker.web;

import java.util.Map;

import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.examples.Example;
import org.jspecify.annotations.Nullable;

/**
 * The problems a feature's operations answer in the feature's own words (a grant's state,
 * an account without identity, an intent the catalog refuses), as named examples of their
 * problem responses in the OpenAPI document. Each feature's web package declares one as a
 * bean, next to the controllers and mappings whose words it shows. An operation's
 * examples are its features' first, then the shared ones of the same status that no
 * feature's example of the same name replaces ({@code invalid-request},
 * {@code forbidden}, {@code not-found}).
 */
public interface ProblemExamples {

	/**
	 * The named examples of the problem answered with {@code status} by the operation
	 * {@code method path}, in the order shown; empty when the operation is not this
	 * feature's, or it answers that status only in shared words.
	 */
	Map<String, Example> of(HttpMethod method, String path, String status);

	/** The example as the only one of its status, if there is one. */
	static Map<String, Example> named(String name, @Nullable Example example) {
		return example == null ? Map.of() : Map.of(name, example);
	}

}

package dev.s2s.broker.recipe;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Start-up refused for a bad catalog reads as the list of its problems, not as a stack
 * trace (registered in {@code META-INF/spring.factories}).
 */
class InvalidRecipeCatalogFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRecipeCatalog> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidRecipeCatalog cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct the files named above: the built-in recipes.yaml describes the format, recipes.schema.json "
						+ "in the jar defines it. broker.recipes.locations names the operator's files.",
				cause);
	}

}

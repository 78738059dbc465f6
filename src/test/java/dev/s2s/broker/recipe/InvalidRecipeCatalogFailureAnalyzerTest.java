package dev.s2s.broker.recipe;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker refused a bad catalog at start-up tells the operator every problem and what to
 * do, as Spring Boot's "APPLICATION FAILED TO START" report, not as a stack trace.
 */
class InvalidRecipeCatalogFailureAnalyzerTest {

	@Test
	void isTheReportSpringBootGivesForABadCatalog() throws IOException {
		List<String> analyzers = new ArrayList<>();
		for (URL factories : Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
			String named = PropertiesLoaderUtils.loadProperties(new UrlResource(factories))
				.getProperty(FailureAnalyzer.class.getName(), "");
			analyzers.addAll(List.of(named.split(",")));
		}

		assertThat(analyzers).contains(InvalidRecipeCatalogFailureAnalyzer.class.getName());
	}

	@Test
	void listsEveryProblemAndNamesTheFilesToCorrect() {
		InvalidRecipeCatalog catalog = new InvalidRecipeCatalog(List.of(
				"/etc/s2s-broker/recipes/team.yaml: recipe team-cos (recipes[0]): policies[0].roles: is required",
				"/etc/s2s-broker/recipes/absent.yaml: no such file"));

		FailureAnalysis report = new InvalidRecipeCatalogFailureAnalyzer()
			.analyze(new BeanCreationException("recipeCatalog", "Failed to instantiate", catalog));

		assertThat(report.getDescription()).contains(
				"- /etc/s2s-broker/recipes/team.yaml: recipe team-cos (recipes[0]): policies[0].roles: is required",
				"- /etc/s2s-broker/recipes/absent.yaml: no such file");
		assertThat(report.getAction()).contains("broker.recipes.locations");
		assertThat(report.getCause()).isSameAs(catalog);
	}

}

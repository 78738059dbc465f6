package dev.s2s.broker.recipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's "Recipe catalog" lists every built-in recipe once, grouped by target service
 * (issue 23, item 4): under a heading that names one of the services it authorizes access
 * to, or under "A target the caller names".
 */
class ReadmeCatalogTest {

	private static final Pattern HEADING = Pattern.compile("^\\*\\*(.+)\\*\\*$");

	private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)`");

	private static final Pattern SERVICE = Pattern.compile("`([a-z0-9-]+)`");

	private static final String CALLER_NAMES = "A target the caller names";

	@Test
	void listsEveryRecipeOnceUnderAHeadingNamingOneOfItsTargetServices() throws IOException {
		Map<String, List<String>> headings = new LinkedHashMap<>();
		List<String> listed = new ArrayList<>();
		String heading = null;
		for (String line : catalogSection()) {
			Matcher title = HEADING.matcher(line);
			Matcher row = ROW.matcher(line);
			if (title.matches()) {
				heading = title.group(1);
			}
			else if (row.find() && heading != null) {
				listed.add(row.group(1));
				headings.put(row.group(1), services(heading));
			}
		}

		List<Recipe> recipes = new RecipeCatalog().recipes();
		assertThat(listed).containsExactlyInAnyOrderElementsOf(recipes.stream().map(Recipe::name).toList());
		for (Recipe recipe : recipes) {
			List<String> named = headings.get(recipe.name());
			assertThat(named.contains(CALLER_NAMES) || recipe.targetServices().stream().anyMatch(named::contains))
				.as("%s (targets %s) under a heading naming %s", recipe.name(), recipe.targetServices(), named)
				.isTrue();
		}
	}

	private static List<String> services(String heading) {
		List<String> services = new ArrayList<>();
		if (heading.equals(CALLER_NAMES)) {
			services.add(CALLER_NAMES);
		}
		Matcher service = SERVICE.matcher(heading);
		while (service.find()) {
			services.add(service.group(1));
		}
		return services;
	}

	private static List<String> catalogSection() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"));
		int start = lines.indexOf("## Recipe catalog");
		int end = start + 1;
		while (end < lines.size() && !lines.get(end).startsWith("## ")) {
			end++;
		}
		return lines.subList(start, end);
	}

}

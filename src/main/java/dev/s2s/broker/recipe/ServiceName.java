package dev.s2s.broker.recipe;

import java.util.List;
import java.util.Objects;

/**
 * An IAM service name with its console label and the misspellings IBM's own pages and
 * tools carry ({@code services:} of a catalog file), so that a caller who writes either
 * is told the name IAM knows.
 */
record ServiceName(String name, String label, List<String> misspellings) {

	ServiceName {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(label, "label");
		misspellings = List.copyOf(misspellings);
	}

}

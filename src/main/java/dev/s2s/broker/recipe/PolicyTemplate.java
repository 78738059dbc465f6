package dev.s2s.broker.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One policy of a recipe, with placeholders for the intent's parameters. */
record PolicyTemplate(String when, Map<String, String> subject, String role, Map<String, String> resource) {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)(?:\\|([A-Za-z0-9]+))?}");

	PolicyTemplate {
		subject = new LinkedHashMap<>(subject);
		resource = new LinkedHashMap<>(resource);
	}

	boolean appliesTo(Map<String, String> parameters) {
		return when == null || parameters.containsKey(when);
	}

	PolicyDocument expand(Map<String, String> parameters) {
		return PolicyDocument.authorization(attributes(subject, parameters), role, attributes(resource, parameters));
	}

	/**
	 * Every parameter name the template refers to, to check the catalog against its own
	 * recipes.
	 */
	List<String> referencedParameters() {
		List<String> names = new ArrayList<>();
		if (when != null) {
			names.add(when);
		}
		for (String value : concat(subject.values(), resource.values())) {
			Matcher matcher = PLACEHOLDER.matcher(value);
			while (matcher.find()) {
				names.add(matcher.group(1));
				if (matcher.group(2) != null) {
					names.add(matcher.group(2));
				}
			}
		}
		return names;
	}

	private static List<String> concat(Iterable<String> first, Iterable<String> second) {
		List<String> all = new ArrayList<>();
		first.forEach(all::add);
		second.forEach(all::add);
		return all;
	}

	private static List<PolicyDocument.Attribute> attributes(Map<String, String> template,
			Map<String, String> parameters) {
		List<PolicyDocument.Attribute> attributes = new ArrayList<>();
		template.forEach((name, value) -> {
			Matcher whole = PLACEHOLDER.matcher(value);
			if (whole.matches() && resolve(whole, parameters) == null) {
				return;
			}
			attributes.add(new PolicyDocument.Attribute(name, substitute(value, parameters)));
		});
		return attributes;
	}

	private static String substitute(String value, Map<String, String> parameters) {
		Matcher matcher = PLACEHOLDER.matcher(value);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String resolved = resolve(matcher, parameters);
			matcher.appendReplacement(result, Matcher.quoteReplacement(resolved == null ? "" : resolved));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	private static String resolve(Matcher placeholder, Map<String, String> parameters) {
		String value = parameters.get(placeholder.group(1));
		if (value == null && placeholder.group(2) != null) {
			value = parameters.get(placeholder.group(2));
		}
		return value;
	}

}

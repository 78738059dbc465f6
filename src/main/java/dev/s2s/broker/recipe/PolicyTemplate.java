package dev.s2s.broker.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One policy of a recipe, with placeholders for the intent's parameters: {@code ${p}} is
 * parameter p, {@code ${p|q}} is p when given, else q. An attribute whose whole value is
 * a placeholder of a parameter that was not given is left out. The policy, and each of
 * its roles, may exist only {@code when} a parameter is given or {@code unless} it is.
 */
record PolicyTemplate(Condition condition, Map<String, AttributeTemplate> subject, List<RoleTemplate> roles,
		Map<String, AttributeTemplate> resource) {

	/** The operators IAM's v1 policy attributes take. */
	static final Set<String> OPERATORS = Set.of("stringEquals", "stringExists", "stringMatch");

	static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)(?:\\|([A-Za-z0-9]+))?}");

	private static final Pattern ROLE_CRN = Pattern
		.compile("^crn:v1:bluemix:public:[a-z0-9-]*::::(role|serviceRole):[A-Za-z0-9][A-Za-z0-9-]*$");

	PolicyTemplate {
		subject = new LinkedHashMap<>(subject);
		roles = List.copyOf(roles);
		resource = new LinkedHashMap<>(resource);
	}

	/** Exists when {@code when} is given (if set) and {@code unless} is not (if set). */
	record Condition(@Nullable String when, @Nullable String unless) {

		static final Condition ALWAYS = new Condition(null, null);

		boolean holds(Map<String, String> parameters) {
			return (when == null || parameters.containsKey(when))
					&& (unless == null || !parameters.containsKey(unless));
		}

		List<String> parameters() {
			List<String> names = new ArrayList<>();
			if (when != null) {
				names.add(when);
			}
			if (unless != null) {
				names.add(unless);
			}
			return names;
		}

	}

	/** An attribute's value (with placeholders) and operator; null means stringEquals. */
	record AttributeTemplate(String value, @Nullable String operator) {
	}

	/**
	 * A role, by the CRN the catalog pins for it; its name (what IAM's roles API is asked
	 * about) is the CRN's last segment.
	 */
	record RoleTemplate(String crn, Condition condition) {
	}

	boolean appliesTo(Map<String, String> parameters) {
		return condition.holds(parameters);
	}

	PolicyDocument expand(Map<String, String> parameters) {
		List<PolicyDocument.Role> granted = roles.stream()
			.filter(role -> role.condition().holds(parameters))
			.map(role -> new PolicyDocument.Role(role.crn()))
			.toList();
		return new PolicyDocument(PolicyDocument.AUTHORIZATION,
				List.of(new PolicyDocument.Subject(attributes(subject, parameters))), granted,
				List.of(new PolicyDocument.Resource(attributes(resource, parameters))));
	}

	/**
	 * What is wrong with the template itself, for the catalog to refuse it at start-up:
	 * IAM's rules for authorization policies (both sides name their account, the subject
	 * names a service), known operators and role CRNs, and at least one role.
	 */
	List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (!subject.containsKey("accountId")) {
			problems.add("subject: needs accountId (IAM requires the source account)");
		}
		if (!subject.containsKey("serviceName") && !subject.containsKey("resourceGroupId")) {
			problems.add("subject: needs serviceName or resourceGroupId");
		}
		if (!resource.containsKey("accountId")) {
			problems.add("resource: needs accountId (IAM files the policy under the target account)");
		}
		subject.forEach((name, attribute) -> {
			problems.addAll(attributeProblems("subject." + name, attribute));
			if (attribute.operator() != null) {
				// IAM's v1 SubjectAttribute is {name, value}: an operator would be
				// dropped, and the policy would never read back as the one sent.
				problems.add("subject." + name + ": IAM's subject attributes take no operator");
			}
		});
		resource.forEach((name, attribute) -> problems.addAll(attributeProblems("resource." + name, attribute)));
		if (roles.isEmpty()) {
			problems.add("roles: needs at least one role");
		}
		for (int i = 0; i < roles.size(); i++) {
			if (!ROLE_CRN.matcher(roles.get(i).crn()).matches()) {
				problems.add("roles[" + i + "]: '" + roles.get(i).crn()
						+ "' is not a role CRN (crn:v1:bluemix:public:<service>::::role|serviceRole:<Name>)");
			}
		}
		if (roles.stream().allMatch(role -> role.condition().when() != null)) {
			problems.add("roles: at least one role must be granted whatever the parameters");
		}
		return problems;
	}

	private static List<String> attributeProblems(String field, AttributeTemplate attribute) {
		List<String> problems = new ArrayList<>();
		if (attribute.operator() != null && !OPERATORS.contains(attribute.operator())) {
			problems.add(field + ": unknown operator '" + attribute.operator() + "'; one of " + OPERATORS);
		}
		if ("stringExists".equals(attribute.operator()) && !Set.of("true", "false").contains(attribute.value())) {
			problems.add(field + ": stringExists takes \"true\" or \"false\"");
		}
		if (attribute.value().isEmpty() || attribute.value().length() > 1000) {
			problems.add(field + ": a value has 1 to 1000 characters");
		}
		return problems;
	}

	/**
	 * Every parameter name the template refers to, to check the catalog against its own
	 * recipes.
	 */
	List<String> referencedParameters() {
		List<String> names = new ArrayList<>(condition.parameters());
		roles.forEach(role -> names.addAll(role.condition().parameters()));
		List<AttributeTemplate> attributes = new ArrayList<>(subject.values());
		attributes.addAll(resource.values());
		for (AttributeTemplate attribute : attributes) {
			Matcher matcher = PLACEHOLDER.matcher(attribute.value());
			while (matcher.find()) {
				names.add(matcher.group(1));
				if (matcher.group(2) != null) {
					names.add(matcher.group(2));
				}
			}
		}
		return names;
	}

	private static List<PolicyDocument.Attribute> attributes(Map<String, AttributeTemplate> template,
			Map<String, String> parameters) {
		List<PolicyDocument.Attribute> attributes = new ArrayList<>();
		template.forEach((name, attribute) -> {
			Matcher whole = PLACEHOLDER.matcher(attribute.value());
			if (whole.matches() && resolve(whole, parameters) == null) {
				return;
			}
			attributes.add(new PolicyDocument.Attribute(name, substitute(attribute.value(), parameters),
					attribute.operator()));
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

	private static @Nullable String resolve(Matcher placeholder, Map<String, String> parameters) {
		String value = parameters.get(placeholder.group(1));
		if (value == null && placeholder.group(2) != null) {
			value = parameters.get(placeholder.group(2));
		}
		return value;
	}

}

package dev.s2s.broker.recipe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The catalog read backwards: which policy of which recipe an authorization policy that
 * exists in IAM is, and with which parameters; and which intents the policies of an
 * account satisfy, wholly or in part. Pure functions of the catalog and the policies
 * given.
 *
 * <p>
 * A policy is policy {@code i} of a recipe with parameters {@code p} when that policy of
 * the catalog, expanded with {@code p}, has its place as IAM compares places (type,
 * subject and resource attributes each with its operator, none meaning
 * {@code stringEquals}: IAM holds one policy per place) and the policy holds every one of
 * its roles (issue 20): a policy with a role more still grants the intent. When several
 * parameter choices fit, those whose roles explain the most of the policy's are kept. The
 * description plays no part. Roles compare by name, the role CRN's last segment, because
 * IAM may list a role under another CRN namespace than the one the catalog pins (a VPC
 * service role under {@code iam}, say). Parameter values come from the attributes:
 * {@code ${p}} binds p; {@code ${p|q}} binds p, or q with p not given; an attribute the
 * policy lacks whose whole value is a placeholder means its parameters were not given. A
 * parameter no attribute names counts as not given, for the conditions of the policy and
 * its roles too. Every value bound must fit its parameter's format, as an intent's must.
 */
@Component
public class PolicyRecognition {

	private final RecipeCatalog catalog;

	public PolicyRecognition(RecipeCatalog catalog) {
		this.catalog = catalog;
	}

	/**
	 * One way a policy is a recipe's.
	 *
	 * @param parameters the parameter values that make the recipe's policy this one
	 * @param policyIndex which of the recipe's policies (its place in the catalog's
	 * {@code policies}, from 0)
	 */
	public record Recognition(@Schema(example = "vpc-backup") String recipe,
			@Schema(example = "{\"accountId\": \"0123456789abcdef0123456789abcdef\"}") Map<String, String> parameters,
			@Schema(example = "0") int policyIndex) {

		public Recognition {
			parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
		}

	}

	/** How much of an intent's expansion an account holds. */
	public enum Satisfaction {

		/** Every policy document the intent expands to. */
		FULL,
		/** Some of them. */
		PARTIAL

	}

	/**
	 * An intent some of whose policy documents are among the policies given.
	 *
	 * @param present for each document the intent expands to (in the recipe's order), the
	 * index of an equal policy among those given, or null when none is
	 * @param expected how many documents the intent expands to
	 */
	public record SatisfiedIntent(Intent intent, Satisfaction satisfaction, List<@Nullable Integer> present,
			int expected) {

		public SatisfiedIntent {
			present = Collections.unmodifiableList(new ArrayList<>(present));
		}

		/** How many of the intent's documents are present. */
		public int presentCount() {
			return (int) present.stream().filter(Objects::nonNull).count();
		}

	}

	/**
	 * Every way the policy is a policy of a recipe in the catalog: recipes in catalog
	 * order, then policies in recipe order. When several parameter choices give the same
	 * policy, only the least are kept: a choice that merely adds a parameter to another
	 * ({@code enterpriseAccountId} equal to {@code accountId}, say) says nothing more.
	 */
	public List<Recognition> recognize(PolicyDocument policy) {
		List<Object> place = place(policy);
		Set<String> held = roleNames(policy);
		Attributes actual = new Attributes(values(policy.subjects().stream().flatMap(s -> s.attributes().stream())),
				values(policy.resources().stream().flatMap(r -> r.attributes().stream())));
		List<Recognition> recognized = new ArrayList<>();
		for (Recipe recipe : catalog.recipes()) {
			List<PolicyTemplate> templates = catalog.templates(recipe.name());
			for (int index = 0; index < templates.size(); index++) {
				PolicyTemplate template = templates.get(index);
				Map<Map<String, String>, Set<String>> matching = new LinkedHashMap<>();
				for (Map<String, String> parameters : candidates(template, actual)) {
					if (template.appliesTo(parameters) && fits(recipe, parameters)) {
						PolicyDocument expanded = template.expand(parameters);
						Set<String> roles = roleNames(expanded);
						if (place(expanded).equals(place) && held.containsAll(roles)) {
							matching.put(parameters, roles);
						}
					}
				}
				for (Map<String, String> parameters : least(mostRoles(matching))) {
					recognized.add(new Recognition(recipe.name(), parameters, index));
				}
			}
		}
		return recognized;
	}

	/**
	 * The intents whose policy documents are among {@code policies} (an account's), each
	 * once, in the order their first policy appears: every recipe and parameters some
	 * policy is recognized as, that make a valid intent. An intent is {@link Satisfaction
	 * FULL} when all its documents are present, else {@link Satisfaction PARTIAL}.
	 */
	public List<SatisfiedIntent> satisfiedIntents(List<PolicyDocument> policies) {
		Map<List<Object>, List<Integer>> byPlace = new HashMap<>();
		Set<Candidate> candidates = new LinkedHashSet<>();
		for (int i = 0; i < policies.size(); i++) {
			byPlace.computeIfAbsent(place(policies.get(i)), place -> new ArrayList<>()).add(i);
			for (Recognition recognition : recognize(policies.get(i))) {
				candidates.add(new Candidate(recognition.recipe(), recognition.parameters()));
			}
		}
		List<SatisfiedIntent> satisfied = new ArrayList<>();
		for (Candidate candidate : candidates) {
			Intent intent;
			try {
				intent = catalog.intent(candidate.recipe(), candidate.parameters());
			}
			catch (InvalidIntent ex) {
				// The policy leaves a required parameter unknown: no whole intent to
				// speak of.
				continue;
			}
			List<PolicyDocument> expected = catalog.expand(intent);
			List<@Nullable Integer> present = new ArrayList<>();
			for (PolicyDocument document : expected) {
				Set<String> roles = roleNames(document);
				present.add(byPlace.getOrDefault(place(document), List.of())
					.stream()
					.filter(index -> roleNames(policies.get(index)).containsAll(roles))
					.findFirst()
					.orElse(null));
			}
			boolean all = present.stream().allMatch(Objects::nonNull);
			satisfied.add(new SatisfiedIntent(intent, all ? Satisfaction.FULL : Satisfaction.PARTIAL, present,
					expected.size()));
		}
		return satisfied;
	}

	/**
	 * Where a policy applies, as IAM compares places (and as the IAM adapter's
	 * {@code PolicyMatching} does): type, subject and resource attributes with their
	 * operators, each in a stable order. IAM holds one policy per place.
	 */
	static List<Object> place(PolicyDocument policy) {
		return List.of(policy.type(), attributes(policy.subjects().stream().flatMap(s -> s.attributes().stream())),
				attributes(policy.resources().stream().flatMap(r -> r.attributes().stream())));
	}

	/** The names of a policy's roles. */
	static Set<String> roleNames(PolicyDocument policy) {
		return policy.roles()
			.stream()
			.map(role -> roleName(role.roleId()))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/** A role CRN's last segment, e.g. {@code Editor}: the role's name. */
	static String roleName(String crn) {
		return crn.substring(crn.lastIndexOf(':') + 1);
	}

	private static List<List<String>> attributes(Stream<PolicyDocument.Attribute> attributes) {
		return attributes.map(a -> List.of(a.name(), a.value(), a.operator() == null ? "stringEquals" : a.operator()))
			.sorted(Comparator.comparing((List<String> a) -> String.join("=", a)))
			.toList();
	}

	private static Map<String, String> values(Stream<PolicyDocument.Attribute> attributes) {
		Map<String, String> values = new HashMap<>();
		attributes.forEach(attribute -> values.putIfAbsent(attribute.name(), attribute.value()));
		return values;
	}

	/** A policy's attribute values by name, subject and resource apart. */
	private record Attributes(Map<String, String> subject, Map<String, String> resource) {
	}

	/** A recipe and parameters some policy is recognized as: an intent, if valid. */
	private record Candidate(String recipe, Map<String, String> parameters) {
	}

	/**
	 * The parameter choices the policy's attribute values allow for the template: each
	 * placeholder takes the part of the value it stands for, {@code ${p|q}} as p or as q.
	 * Choices are only proposed here; expanding the template with them decides.
	 */
	private static List<Map<String, String>> candidates(PolicyTemplate template, Attributes actual) {
		List<Map<String, String>> choices = new ArrayList<>();
		choices.add(Map.of());
		List<Map.Entry<PolicyTemplate.AttributeTemplate, String>> bound = new ArrayList<>();
		template.subject().forEach((name, attribute) -> {
			if (actual.subject().containsKey(name)) {
				bound.add(Map.entry(attribute, actual.subject().get(name)));
			}
		});
		template.resource().forEach((name, attribute) -> {
			if (actual.resource().containsKey(name)) {
				bound.add(Map.entry(attribute, actual.resource().get(name)));
			}
		});
		for (Map.Entry<PolicyTemplate.AttributeTemplate, String> attribute : bound) {
			List<List<Map.Entry<String, String>>> placeholders = placeholders(attribute.getKey().value(),
					attribute.getValue());
			if (placeholders == null) {
				return List.of();
			}
			for (List<Map.Entry<String, String>> options : placeholders) {
				List<Map<String, String>> extended = new ArrayList<>();
				for (Map<String, String> choice : choices) {
					for (Map.Entry<String, String> option : options) {
						String earlier = choice.get(option.getKey());
						if (earlier == null) {
							Map<String, String> more = new HashMap<>(choice);
							more.put(option.getKey(), option.getValue());
							extended.add(more);
						}
						else if (earlier.equals(option.getValue())) {
							extended.add(choice);
						}
					}
				}
				choices = extended;
			}
		}
		return choices.stream().distinct().toList();
	}

	/**
	 * For each placeholder of {@code template}, the parameters it may have been and the
	 * part of {@code value} it stands for; null when the value cannot come from the
	 * template at all.
	 */
	private static List<List<Map.Entry<String, String>>> placeholders(String template, String value) {
		Matcher placeholder = PolicyTemplate.PLACEHOLDER.matcher(template);
		StringBuilder regex = new StringBuilder();
		List<Matcher> found = new ArrayList<>();
		int end = 0;
		while (placeholder.find()) {
			regex.append(Pattern.quote(template.substring(end, placeholder.start()))).append("(.+?)");
			found.add(PolicyTemplate.PLACEHOLDER.matcher(placeholder.group()));
			end = placeholder.end();
		}
		if (found.isEmpty()) {
			return List.of();
		}
		regex.append(Pattern.quote(template.substring(end)));
		Matcher parts = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value);
		if (!parts.matches()) {
			return null;
		}
		List<List<Map.Entry<String, String>>> placeholders = new ArrayList<>();
		for (int i = 0; i < found.size(); i++) {
			Matcher names = found.get(i);
			names.matches();
			String part = parts.group(i + 1);
			placeholders.add(names.group(2) == null ? List.of(Map.entry(names.group(1), part))
					: List.of(Map.entry(names.group(1), part), Map.entry(names.group(2), part)));
		}
		return placeholders;
	}

	/** Whether every value fits the format of its parameter in the recipe. */
	private static boolean fits(Recipe recipe, Map<String, String> parameters) {
		return parameters.entrySet()
			.stream()
			.allMatch(parameter -> recipe.parameter(parameter.getKey())
				.filter(known -> known.format().matches(parameter.getValue()))
				.isPresent());
	}

	/**
	 * The parameter choices whose roles no other choice's roles contain and exceed: a
	 * policy with the delegator role is the choice that asks for it, not the one that
	 * leaves it out.
	 */
	private static List<Map<String, String>> mostRoles(Map<Map<String, String>, Set<String>> choices) {
		return choices.entrySet()
			.stream()
			.filter(choice -> choices.values()
				.stream()
				.noneMatch(other -> other.size() > choice.getValue().size() && other.containsAll(choice.getValue())))
			.map(Map.Entry::getKey)
			.toList();
	}

	/** The choices no other choice is a part of. */
	private static List<Map<String, String>> least(List<Map<String, String>> choices) {
		return choices.stream()
			.filter(choice -> choices.stream()
				.noneMatch(other -> other.size() < choice.size() && choice.entrySet().containsAll(other.entrySet())))
			.toList();
	}

}

package dev.s2s.broker.recipe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
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
 * A policy is policy {@code i} of a recipe with parameters {@code p} when it
 * {@link PolicyIdentity#holds holds} that policy of the catalog expanded with {@code p}:
 * the same place, and every one of its roles by name (issue 20), so a policy with a role
 * more still grants the intent. When several parameter choices fit, those whose roles
 * explain the most of the policy's are kept. The description plays no part. Parameter
 * values come from the attributes: {@code ${p}} binds p; {@code ${p|q}} binds p, or q
 * with p not given; an attribute the policy lacks whose whole value is a placeholder
 * means its parameters were not given. A parameter no attribute names counts as not
 * given, for the conditions of the policy and its roles too. Every value bound must fit
 * its parameter's format, as an intent's must.
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
	@Schema(enumAsRef = true)
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
		PolicyIdentity held = PolicyIdentity.of(policy);
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
						PolicyIdentity expanded = PolicyIdentity.of(template.expand(parameters));
						if (held.holds(expanded)) {
							matching.put(parameters, expanded.roleNames());
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
		List<PolicyIdentity> identities = policies.stream().map(PolicyIdentity::of).toList();
		Map<PolicyIdentity.Place, List<Integer>> byPlace = new HashMap<>();
		Set<Candidate> candidates = new LinkedHashSet<>();
		for (int i = 0; i < policies.size(); i++) {
			byPlace.computeIfAbsent(identities.get(i).place(), place -> new ArrayList<>()).add(i);
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
				PolicyIdentity wanted = PolicyIdentity.of(document);
				present.add(byPlace.getOrDefault(wanted.place(), List.of())
					.stream()
					.filter(index -> identities.get(index).holds(wanted))
					.findFirst()
					.orElse(null));
			}
			boolean all = present.stream().allMatch(Objects::nonNull);
			satisfied.add(new SatisfiedIntent(intent, all ? Satisfaction.FULL : Satisfaction.PARTIAL, present,
					expected.size()));
		}
		return satisfied;
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

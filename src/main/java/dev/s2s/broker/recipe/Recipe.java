package dev.s2s.broker.recipe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * How one kind of intent expands into IAM authorization policies; described in
 * {@code recipes.yaml}.
 *
 * @param docs the IBM Cloud documentation page the recipe follows
 * @param builtIn whether the recipe ships with the broker (the built-in catalog), not an
 * operator's file
 * @param broadScopeReason why the recipe grants roles that let a source administer its
 * target ({@code broadScope: {reason: …}}); null for a recipe that grants none
 * @param sourceServices the IAM services its policies authorize, in the order its
 * policies name them: a literal {@code serviceName}, every value of an enumerated
 * parameter's format ({@code key-service}: kms, hs-crypto), or {@code ${p}} for a
 * parameter in which the caller names any service
 * @param targetServices the IAM services its policies authorize access to, likewise
 * @param revokeCaution why revoking a grant of it can break what depends on it
 * ({@code revokeCaution: {reason: …}}), so a revoke must acknowledge it; null for a
 * recipe without
 */
public record Recipe(String name, String title, String description, @Nullable String docs,
		List<RecipeParameter> parameters, boolean builtIn, @Nullable String broadScopeReason,
		List<String> sourceServices, List<String> targetServices, @Nullable String revokeCaution) {

	public Recipe {
		Objects.requireNonNull(name, "name");
		parameters = List.copyOf(parameters);
		sourceServices = List.copyOf(sourceServices);
		targetServices = List.copyOf(targetServices);
	}

	/** A recipe whose services are not known yet (while its policies are read). */
	Recipe(String name, String title, String description, @Nullable String docs, List<RecipeParameter> parameters,
			boolean builtIn, @Nullable String broadScopeReason, @Nullable String revokeCaution) {
		this(name, title, description, docs, parameters, builtIn, broadScopeReason, List.of(), List.of(),
				revokeCaution);
	}

	public Optional<RecipeParameter> parameter(String name) {
		return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
	}

	/** This recipe with the services its policies name. */
	Recipe withServices(List<String> sources, List<String> targets) {
		return new Recipe(name, title, description, docs, parameters, builtIn, broadScopeReason, sources, targets,
				revokeCaution);
	}

	/**
	 * Whether an intent of this recipe can authorize {@code service} or authorize access
	 * to it: it is among the source or target services, or a parameter in which the
	 * caller names a service takes it.
	 */
	public boolean involves(String service) {
		return Stream.concat(sourceServices.stream(), targetServices.stream()).anyMatch(named -> {
			Matcher placeholder = PolicyTemplate.PLACEHOLDER.matcher(named);
			if (!placeholder.matches()) {
				return named.equals(service);
			}
			return parameter(placeholder.group(1)).map(p -> p.format().matches(service)).orElse(false);
		});
	}

}

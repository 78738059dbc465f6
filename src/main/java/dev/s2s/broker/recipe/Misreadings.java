package dev.s2s.broker.recipe;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a caller most likely meant by a value its parameter's format refuses, from the
 * mistakes IBM's own pages and tools teach (issue 23, "Bad input"): a CRN where IAM
 * compares a GUID, an id or a name (terraform-provider-ibm #3348), a console label where
 * IAM wants a service's name ("Key Protect" for kms), and misspelt service names
 * ({@code secret-manager}, terraform-provider-ibm #4427; {@code event-notification},
 * #6241).
 */
final class Misreadings {

	/** The parts of a CRN, by their index in {@code crn:v1:…} split at colons. */
	private static final Map<String, Integer> CRN_PARTS = Map.of("account", 6, "instance", 7, "resource", 9);

	private final Map<String, ServiceName> services;

	Misreadings(Map<String, ServiceName> services) {
		this.services = Map.copyOf(services);
	}

	/**
	 * Why {@code value} is not what {@code format} takes and what was meant, if known.
	 */
	Optional<String> explain(ParameterFormat format, String value) {
		if (value.startsWith("crn:")) {
			return Optional.of(crn(format, value));
		}
		return service(value).map(meant -> meant.explanation(format.matches(meant.service().name())));
	}

	/**
	 * Why a value that fits its format still is not a service IAM knows, when it is a
	 * known misspelling of one ({@code secret-manager}): for a parameter in which the
	 * caller names any service, whose format cannot list them.
	 */
	Optional<String> misspelt(String value) {
		return service(value).filter(meant -> meant.why().startsWith("is a misspelling"))
			.map(meant -> meant.explanation(true));
	}

	/**
	 * Why a value is not an IAM service name, when it is a service's label, a known
	 * misspelling, or its name written otherwise.
	 */
	Optional<String> notAServiceName(String value) {
		return service(value).map(meant -> meant.explanation(true));
	}

	private static String crn(ParameterFormat format, String value) {
		String shown = value.length() <= 120 ? value : value.substring(0, 120) + "…";
		Integer index = format.fromCrn() == null ? null : CRN_PARTS.get(format.fromCrn());
		if (index == null) {
			return "'" + shown + "' is a CRN, which this parameter does not take";
		}
		String[] parts = value.split(":", -1);
		String part = parts.length > index ? parts[index] : "";
		if (index == 6 && part.startsWith("a/")) {
			part = part.substring(2);
		}
		if (!part.isEmpty() && format.matches(part)) {
			return "'" + shown + "' is a CRN; this parameter takes the " + format.fromCrn() + " part it names: " + part;
		}
		return "'" + shown + "' is a CRN; this parameter takes the " + format.fromCrn() + " part of one, not the CRN";
	}

	/**
	 * The service a value names by its label, a misspelling, or its name in other case.
	 */
	private Optional<Meant> service(String value) {
		String given = normal(value);
		for (ServiceName service : services.values()) {
			if (given.equals(normal(service.label())) || given.equals(normal("IBM " + service.label()))
					|| given.equals(normal("IBM Cloud " + service.label()))) {
				return Optional
					.of(new Meant(value, service, "is the console label of " + service.name() + ", the IAM name"));
			}
			if (service.misspellings().stream().map(Misreadings::normal).anyMatch(given::equals)) {
				return Optional.of(new Meant(value, service,
						"is a misspelling of " + service.name() + " (" + service.label() + "'s IAM name)"));
			}
		}
		for (ServiceName service : services.values()) {
			if (given.equals(service.name()) && !value.equals(service.name())) {
				return Optional.of(new Meant(value, service, "is written " + service.name() + " in IAM"));
			}
		}
		return Optional.empty();
	}

	/** Lowercase, with runs of spaces and underscores as one hyphen. */
	private static String normal(String text) {
		return text.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", "-");
	}

	private record Meant(String given, ServiceName service, String why) {

		String explanation(boolean taken) {
			String shown = given.length() <= 64 ? given : given.substring(0, 64) + "…";
			return "'" + shown + "' " + why + (taken ? ", which is meant here" : "; this parameter does not take it");
		}

	}

}

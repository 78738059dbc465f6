package dev.s2s.broker.recipe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

import org.jspecify.annotations.Nullable;

/**
 * What a recipe's policy may grant, checked when a catalog is loaded: an authorization is
 * to one named service, over the attributes IAM knows for it, with values a caller cannot
 * widen to everything, and with roles that do not let the source administer the target
 * unless the recipe says why (issue 19: an operator's recipe could grant every service of
 * an account, and IAM alone caught misspelt or made-up attributes).
 *
 * <ul>
 * <li>Each side's {@code serviceName} is one IAM service name: a literal without a
 * wildcard, or a placeholder of a parameter an intent cannot leave out whose format
 * admits no {@code *}; never an operator.</li>
 * <li>Each attribute is one IAM knows for the service ({@link #RESOURCE_ATTRIBUTES},
 * {@link #SUBJECT_ATTRIBUTES}, from IBM's IAM API notes and the VPC attribute list), or
 * one the file declares for it under {@code attributes:}.</li>
 * <li>A placeholder compared with {@code stringEquals} takes a parameter whose format
 * admits no {@code *}: IAM reads {@code *} there as every value.</li>
 * <li>Administrator, Authorization Delegator (but for a key management service, where IBM
 * documents delegation) and any role but Viewer or Reader on an IAM service (which lets
 * the source make identities, API keys, group memberships or access: the Secrets Manager
 * IAM credentials engine's Operator, Service ID creator and Groups Service Member Manage)
 * let the source administer the target: only with {@code broadScope: {reason: …}}.</li>
 * </ul>
 */
final class CatalogGuardrails {

	private CatalogGuardrails() {
	}

	/** What IAM's v1 subject attributes may name, whatever the service. */
	static final Set<String> SUBJECT_ATTRIBUTES = Set.of("accountId", "serviceName", "serviceInstance", "region",
			"resourceType", "resource", "resourceGroupId");

	/** What every service's resource may name. */
	static final Set<String> COMMON_RESOURCE_ATTRIBUTES = Set.of("accountId", "serviceName", "serviceInstance",
			"region", "resourceType", "resource", "resourceGroupId");

	/** What a service's resource may name beyond the common attributes. */
	static final Map<String, Set<String>> RESOURCE_ATTRIBUTES = Map.of("is",
			Set.of("instanceId", "volumeId", "snapshotId", "shareId", "vpcId", "loadBalancerId", "flowLogCollectorId",
					"imageId", "endpointGatewayId", "backupPolicyId", "snapshotConsistencyGroupId", "subnetId",
					"dedicatedHostId", "instanceGroupId", "reservedIpId", "virtualNetworkInterfaceId"),
			"kms", Set.of("keyRing"), "hs-crypto", Set.of("keyRing"));

	/** The key management services, where IBM documents Authorization Delegator. */
	private static final Set<String> KEY_SERVICES = Set.of("kms", "hs-crypto");

	/**
	 * IAM's own services, where every role but {@link #IAM_READ_ROLES} changes
	 * identities, groups or access.
	 */
	private static final Set<String> IAM_SERVICES = Set.of("iam-identity", "iam-groups", "iam-access-management",
			"iam-svcs");

	/** The roles on an IAM service that only read. */
	private static final Set<String> IAM_READ_ROLES = Set.of("Viewer", "Reader");

	/**
	 * Services a placeholder's format is tried against, to learn what it admits, when its
	 * pattern does not list its values.
	 */
	private static final List<String> PROBES = List.of("is", "kms", "hs-crypto", "cloud-object-storage", "iam-identity",
			"iam-groups", "iam-access-management", "secrets-manager", "dns-svcs", "containers-kubernetes",
			"databases-for-postgresql", "event-notifications", "server-protect", "messagehub", "logs");

	/**
	 * The problems of one policy of a recipe, each as {@code subject.x: …},
	 * {@code resource.x: …} or {@code roles: …}.
	 * @param declared attribute names the file declares, by service
	 */
	static List<String> problems(Recipe recipe, PolicyTemplate policy, Map<String, Set<String>> declared) {
		List<String> problems = new ArrayList<>();
		Set<String> sources = services("subject", policy.subject(), policy.condition(), recipe, problems);
		Set<String> targets = services("resource", policy.resource(), policy.condition(), recipe, problems);
		attributes("subject", policy.subject(), sources, declared, true, problems);
		attributes("resource", policy.resource(), targets, declared, false, problems);
		wildcards("subject", policy.subject(), recipe, problems);
		wildcards("resource", policy.resource(), recipe, problems);
		if (recipe.broadScopeReason() == null) {
			for (PolicyTemplate.RoleTemplate role : policy.roles()) {
				String broad = broad(role.crn(), targets);
				if (broad != null) {
					problems.add("roles: " + role.crn() + " " + broad
							+ "; a recipe that means it says broadScope: {reason: …}");
				}
			}
		}
		return problems;
	}

	/**
	 * The services a side's {@code serviceName} can name (empty when it is refused): the
	 * literal, or the services a placeholder's format admits.
	 */
	private static Set<String> services(String side, Map<String, PolicyTemplate.AttributeTemplate> attributes,
			PolicyTemplate.Condition condition, Recipe recipe, List<String> problems) {
		PolicyTemplate.AttributeTemplate service = attributes.get("serviceName");
		String field = side + ".serviceName";
		if (service == null) {
			problems.add(field + ": is required: an authorization is to one named IAM service");
			return Set.of();
		}
		if (service.operator() != null && !service.operator().equals("stringEquals")) {
			problems.add(field + ": takes no operator (" + service.operator()
					+ "): an authorization is to one named IAM service");
			return Set.of();
		}
		Matcher placeholder = PolicyTemplate.PLACEHOLDER.matcher(service.value());
		if (!placeholder.matches()) {
			if (service.value().contains("*") || service.value().contains("$") || service.value().isBlank()) {
				problems.add(field + ": '" + service.value()
						+ "' is not one IAM service name; an authorization is to one named IAM service");
				return Set.of();
			}
			return Set.of(service.value());
		}
		if (placeholder.group(2) != null) {
			problems.add(field + ": " + service.value() + " falls back to another parameter; name one service");
			return Set.of();
		}
		String name = placeholder.group(1);
		RecipeParameter parameter = recipe.parameter(name).orElse(null);
		if (parameter == null) {
			// Reported as an unknown parameter.
			return Set.of();
		}
		if (!parameter.required() && !name.equals(condition.when())) {
			problems.add(field + ": ${" + name + "} may be left out by an intent; an authorization is to one named "
					+ "IAM service, so its parameter must be required (or the policy's when)");
			return Set.of();
		}
		if (admitsWildcard(parameter.format())) {
			problems.add(field + ": ${" + name + "} takes format " + parameter.format().name()
					+ ", which admits '*' (every service)");
			return Set.of();
		}
		if (!parameter.format().values().isEmpty()) {
			return Set.copyOf(parameter.format().values());
		}
		Set<String> admitted = new HashSet<>();
		for (String probe : PROBES) {
			if (parameter.format().matches(probe)) {
				admitted.add(probe);
			}
		}
		return admitted;
	}

	private static void attributes(String side, Map<String, PolicyTemplate.AttributeTemplate> attributes,
			Set<String> services, Map<String, Set<String>> declared, boolean subject, List<String> problems) {
		if (services.isEmpty()) {
			return;
		}
		for (String attribute : attributes.keySet()) {
			boolean known = services.stream().anyMatch(service -> known(attribute, service, declared, subject));
			if (!known) {
				problems.add(side + "." + attribute + ": is not an attribute IAM knows for "
						+ String.join(" or ", services.stream().sorted().toList())
						+ "; declare it under attributes: if IBM documents it (a misspelt name, such as servicename, "
						+ "is refused by IAM or ignored)");
			}
		}
	}

	private static boolean known(String attribute, String service, Map<String, Set<String>> declared, boolean subject) {
		if (declared.getOrDefault(service, Set.of()).contains(attribute)) {
			return true;
		}
		if (subject) {
			return SUBJECT_ATTRIBUTES.contains(attribute);
		}
		return COMMON_RESOURCE_ATTRIBUTES.contains(attribute)
				|| RESOURCE_ATTRIBUTES.getOrDefault(service, Set.of()).contains(attribute);
	}

	/**
	 * A placeholder compared with {@code stringEquals} whose parameter's format admits
	 * {@code *}: a caller could pass {@code *}, which IAM reads as every value.
	 */
	private static void wildcards(String side, Map<String, PolicyTemplate.AttributeTemplate> attributes, Recipe recipe,
			List<String> problems) {
		attributes.forEach((name, attribute) -> {
			if (name.equals("serviceName")
					|| (attribute.operator() != null && !attribute.operator().equals("stringEquals"))) {
				return;
			}
			Matcher placeholder = PolicyTemplate.PLACEHOLDER.matcher(attribute.value());
			while (placeholder.find()) {
				for (int group = 1; group <= 2; group++) {
					String parameter = placeholder.group(group);
					if (parameter == null) {
						continue;
					}
					recipe.parameter(parameter)
						.filter(known -> admitsWildcard(known.format()))
						.ifPresent(known -> problems
							.add(side + "." + name + ": ${" + parameter + "} takes format " + known.format().name()
									+ ", which admits '*': a caller could pass * for every " + name));
				}
			}
		});
	}

	private static boolean admitsWildcard(ParameterFormat format) {
		return format.matches("*") || format.matches("a*") || format.matches("*a");
	}

	/** Why a role lets the source administer a target among {@code targets}, or null. */
	private static @Nullable String broad(String crn, Set<String> targets) {
		String role = crn.substring(crn.lastIndexOf(':') + 1);
		if (role.equals("Administrator")) {
			return "lets the source administer the target";
		}
		if (role.equals("AuthorizationDelegator") && !KEY_SERVICES.containsAll(targets)) {
			return "lets the source grant the target's access to others (IBM documents it for key management "
					+ "services only)";
		}
		if (!IAM_READ_ROLES.contains(role) && targets.stream().anyMatch(IAM_SERVICES::contains)) {
			return "lets the source change IAM identities, groups or access";
		}
		return null;
	}

}

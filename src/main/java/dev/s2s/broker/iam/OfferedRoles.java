package dev.s2s.broker.iam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * The roles IAM offers for authorizations from one service to another, as
 * {@code GET /v2/roles?service_name=…&source_service_name=…&policy_type=authorization}
 * answers them (a {@code RoleCollection}: {@code system_roles}, {@code service_roles},
 * {@code custom_roles}, each role with its {@code crn}), and which of them a role a
 * recipe names is. Pure functions of IAM's JSON.
 *
 * @param roles every role IAM listed with a {@code crn}, in IAM's order: system, service,
 * custom
 */
record OfferedRoles(List<Offered> roles) {

	private static final List<String> COLLECTIONS = List.of("system_roles", "service_roles", "custom_roles");

	OfferedRoles {
		roles = List.copyOf(roles);
	}

	/**
	 * The roles of a {@code RoleCollection}; empty when it holds none of its three lists,
	 * which is no collection at all. A role without a {@code crn} cannot be a
	 * {@code role_id} and is left out.
	 */
	static Optional<OfferedRoles> of(JsonNode collection) {
		if (!collection.isObject() || COLLECTIONS.stream().noneMatch(name -> collection.path(name).isArray())) {
			return Optional.empty();
		}
		List<Offered> roles = new ArrayList<>();
		for (String name : COLLECTIONS) {
			for (JsonNode role : collection.path(name)) {
				String crn = role.path("crn").asString("");
				if (!crn.isBlank()) {
					roles.add(new Offered(crn, role.path("display_name").asString("")));
				}
			}
		}
		return Optional.of(new OfferedRoles(roles));
	}

	/**
	 * The CRN IAM gives the role a recipe names by its catalog CRN (or by its bare name):
	 * the role with that very CRN; else one whose CRN ends in the same kind and name
	 * ({@code role:Editor}, {@code serviceRole:Reader}), in any service's namespace; else
	 * one of the same kind whose display name is the name but for spaces ("Authorization
	 * Delegator" for {@code AuthorizationDelegator}). A role's name is the last segment
	 * of its CRN; its kind ({@code role} or {@code serviceRole}) never changes.
	 */
	Optional<String> crnOf(String roleId) {
		String name = name(roleId);
		String kind = kind(roleId);
		// A platform role is never exchanged for a service role of the same name (or the
		// reverse): they grant different things. Only the service segment may differ.
		Predicate<Offered> sameKind = role -> kind.isEmpty() || kind(role.crn()).equals(kind);
		List<Predicate<Offered>> preferences = List.of(role -> role.crn().equals(roleId),
				role -> role.name().equals(name) && sameKind.test(role),
				role -> role.displayName().replaceAll("\\s", "").equals(name) && sameKind.test(role));
		for (Predicate<Offered> preference : preferences) {
			Optional<Offered> found = roles.stream().filter(preference).findFirst();
			if (found.isPresent()) {
				return found.map(Offered::crn);
			}
		}
		return Optional.empty();
	}

	/** The names of the roles offered, each once, in IAM's order. */
	List<String> names() {
		return List.copyOf(new LinkedHashSet<>(roles.stream().map(Offered::name).toList()));
	}

	boolean isEmpty() {
		return roles.isEmpty();
	}

	/** The name of a role: the last segment of its CRN ({@code Reader}). */
	static String name(String roleId) {
		return roleId.substring(roleId.lastIndexOf(':') + 1);
	}

	/**
	 * The kind of a role: the segment of its CRN before the name ({@code role},
	 * {@code serviceRole}, {@code customRole}), empty for a bare name.
	 */
	private static String kind(String roleId) {
		int end = roleId.lastIndexOf(':');
		return end < 0 ? "" : roleId.substring(roleId.lastIndexOf(':', end - 1) + 1, end);
	}

	/** One role IAM offers. */
	record Offered(String crn, String displayName) {

		String name() {
			return OfferedRoles.name(crn);
		}

	}

}

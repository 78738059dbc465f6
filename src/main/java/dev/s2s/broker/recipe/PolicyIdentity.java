package dev.s2s.broker.recipe;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What makes an authorization policy the policy it is, the one definition every
 * comparison of policies uses (recognition, plans, IAM's conflicts, drift, the
 * read-back): its {@link Place place} and the names of its roles. A policy holds
 * another's intent when it has the same place and every one of its role names; roles
 * beyond them do not matter (issue 20). It leaves out the description (IAM's conflict
 * detection ignores it, and the broker's mark must not make its own policies look
 * changed), ids, IAM's own fields and the order of anything. Pure: it knows nothing of
 * where a policy came from.
 *
 * <p>
 * Roles compare by name, the role CRN's last segment, because IAM may list a role under
 * another CRN namespace than the one the catalog pins (a VPC service role under
 * {@code iam} where the catalog says {@code is}).
 *
 * @param place where the policy applies
 * @param roleNames the names of its roles, sorted
 */
public record PolicyIdentity(Place place, SortedSet<String> roleNames) {

	/** How IAM compares an attribute that names no operator. */
	public static final String DEFAULT_OPERATOR = "stringEquals";

	public PolicyIdentity {
		roleNames = Collections.unmodifiableSortedSet(new TreeSet<>(roleNames));
	}

	public static PolicyIdentity of(PolicyDocument policy) {
		return new PolicyIdentity(Place.of(policy),
				policy.roles()
					.stream()
					.map(role -> roleName(role.roleId()))
					.collect(Collectors.toCollection(TreeSet::new)));
	}

	/**
	 * Whether this policy grants what {@code wanted} does: the same place, and every role
	 * name of {@code wanted}.
	 */
	public boolean holds(PolicyIdentity wanted) {
		return place.equals(wanted.place) && roleNames.containsAll(wanted.roleNames);
	}

	/**
	 * The role CRNs of {@code wanted} whose names {@code held} lacks, sorted: what
	 * {@code held} must gain before it holds the intent, in the CRNs {@code wanted} pins.
	 * The places are not compared.
	 */
	public static List<String> missingRoles(PolicyDocument wanted, PolicyDocument held) {
		Set<String> names = of(held).roleNames();
		return wanted.roles()
			.stream()
			.map(PolicyDocument.Role::roleId)
			.filter(role -> !names.contains(roleName(role)))
			.distinct()
			.sorted()
			.toList();
	}

	/** A role CRN's last segment, e.g. {@code Editor}: the role's name. */
	public static String roleName(String crn) {
		return crn.substring(crn.lastIndexOf(':') + 1);
	}

	/** Readable enough to show a difference, e.g. in drift. */
	@Override
	public String toString() {
		return place + " with roles " + roleNames;
	}

	/**
	 * Where a policy applies: its type, and its subject and resource attributes, each
	 * with its operator ({@value PolicyIdentity#DEFAULT_OPERATOR} where none is named),
	 * sorted. IAM holds one policy per place: its 409 reads "A policy already exists for
	 * the given subject and resource", whatever the roles (issue 20).
	 */
	public record Place(String type, List<PolicyDocument.Attribute> subject, List<PolicyDocument.Attribute> resource) {

		public Place {
			subject = List.copyOf(subject);
			resource = List.copyOf(resource);
		}

		public static Place of(PolicyDocument policy) {
			return new Place(policy.type(),
					attributes(policy.subjects().stream().flatMap(s -> s.attributes().stream())),
					attributes(policy.resources().stream().flatMap(r -> r.attributes().stream())));
		}

		private static List<PolicyDocument.Attribute> attributes(Stream<PolicyDocument.Attribute> attributes) {
			return attributes
				.map(a -> new PolicyDocument.Attribute(a.name(), a.value(),
						a.operator() == null ? DEFAULT_OPERATOR : a.operator()))
				.sorted(Comparator
					.comparing((PolicyDocument.Attribute a) -> String.join("=", a.name(), a.value(), a.operator())))
				.toList();
		}

		@Override
		public String toString() {
			return type + " subject " + describe(subject) + " resource " + describe(resource);
		}

		private static String describe(List<PolicyDocument.Attribute> attributes) {
			return attributes.stream()
				.map(a -> a.name() + (DEFAULT_OPERATOR.equals(a.operator()) ? "=" : " " + a.operator() + " ")
						+ a.value())
				.collect(Collectors.joining(", ", "{", "}"));
		}

	}

}

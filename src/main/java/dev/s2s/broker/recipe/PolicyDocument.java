package dev.s2s.broker.recipe;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One IAM authorization policy body, exactly as {@code POST /v1/policies} of the IAM
 * Policy Management API accepts it ({@code PolicyRequest}: one subject, one or more
 * roles, one resource).
 */
public record PolicyDocument(String type, List<Subject> subjects, List<Role> roles, List<Resource> resources) {

	public static final String AUTHORIZATION = "authorization";

	public PolicyDocument {
		subjects = List.copyOf(subjects);
		roles = List.copyOf(roles);
		resources = List.copyOf(resources);
	}

	static PolicyDocument authorization(List<Attribute> subject, String roleId, List<Attribute> resource) {
		return new PolicyDocument(AUTHORIZATION, List.of(new Subject(subject)), List.of(new Role(roleId)),
				List.of(new Resource(resource)));
	}

	/**
	 * The value of a resource attribute, or null; IAM files an authorization policy under
	 * the target account.
	 */
	public String resourceAttribute(String name) {
		return resources.stream()
			.flatMap(resource -> resource.attributes().stream())
			.filter(attribute -> attribute.name().equals(name))
			.map(Attribute::value)
			.findFirst()
			.orElse(null);
	}

	public record Subject(List<Attribute> attributes) {
		public Subject {
			attributes = List.copyOf(attributes);
		}
	}

	public record Role(@JsonProperty("role_id") String roleId) {
	}

	public record Resource(List<Attribute> attributes) {
		public Resource {
			attributes = List.copyOf(attributes);
		}
	}

	public record Attribute(String name, String value) {
	}

}

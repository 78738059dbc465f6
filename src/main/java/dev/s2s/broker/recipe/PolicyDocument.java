package dev.s2s.broker.recipe;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One IAM authorization policy body, exactly as {@code POST /v1/policies} of the IAM
 * Policy Management API accepts it ({@code PolicyRequest}: one subject, one or more
 * roles, one resource, and an optional description).
 *
 * @param description the policy's free text ({@code PolicyBase.description}: 1 to 300
 * characters), or null for none. A recipe's expansion has none; it never makes two
 * policies different (IAM's conflict detection ignores it, and so does drift).
 */
@Schema(example = PolicyDocument.EXAMPLE)
public record PolicyDocument(String type, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String description,
		List<Subject> subjects, List<Role> roles, List<Resource> resources) {

	public static final String AUTHORIZATION = "authorization";

	/**
	 * The API document's example of a policy document: the first policy of recipe
	 * vpc-backup for account 0123456789abcdef0123456789abcdef, as a plan shows it.
	 */
	public static final String EXAMPLE = """
			{"type": "authorization",
			 "subjects": [{"attributes": [{"name": "accountId", "value": "0123456789abcdef0123456789abcdef"},
			  {"name": "serviceName", "value": "is"}, {"name": "resourceType", "value": "backup-policy"}]}],
			 "roles": [{"role_id": "crn:v1:bluemix:public:iam::::role:Operator"}],
			 "resources": [{"attributes": [{"name": "accountId", "value": "0123456789abcdef0123456789abcdef"},
			  {"name": "serviceName", "value": "is"}, {"name": "volumeId", "value": "*"}]}]}""";

	/** IAM's limit on a policy's description ({@code PolicyBase}: maxLength 300). */
	public static final int MAX_DESCRIPTION_LENGTH = 300;

	/**
	 * @throws IllegalArgumentException when the description is empty or longer than IAM
	 * accepts
	 */
	public PolicyDocument {
		if (description != null && (description.isEmpty() || description.length() > MAX_DESCRIPTION_LENGTH)) {
			throw new IllegalArgumentException("A policy description has 1 to " + MAX_DESCRIPTION_LENGTH
					+ " characters; this one has " + description.length());
		}
		subjects = List.copyOf(subjects);
		roles = List.copyOf(roles);
		resources = List.copyOf(resources);
	}

	/** A document without a description. */
	public PolicyDocument(String type, List<Subject> subjects, List<Role> roles, List<Resource> resources) {
		this(type, null, subjects, roles, resources);
	}

	/** The same policy with {@code description}. */
	public PolicyDocument describedAs(String description) {
		return new PolicyDocument(type, description, subjects, roles, resources);
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

	@Schema(name = "PolicySubject")
	public record Subject(List<Attribute> attributes) {
		public Subject {
			attributes = List.copyOf(attributes);
		}
	}

	@Schema(name = "PolicyRole")
	public record Role(
			@Schema(example = "crn:v1:bluemix:public:iam::::role:Operator") @JsonProperty("role_id") String roleId) {
	}

	@Schema(name = "PolicyResource")
	public record Resource(List<Attribute> attributes) {
		public Resource {
			attributes = List.copyOf(attributes);
		}
	}

	/**
	 * An attribute of the subject or resource.
	 *
	 * @param operator how IAM compares the value ({@code stringEquals},
	 * {@code stringExists}, {@code stringMatch}); null, and left out of the JSON, means
	 * {@code stringEquals}
	 */
	@Schema(name = "PolicyAttribute")
	public record Attribute(@Schema(example = "accountId") String name,
			@Schema(example = "0123456789abcdef0123456789abcdef") String value,
			@Schema(example = "stringEquals") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String operator) {

		/** An attribute IAM compares for equality. */
		public Attribute(String name, String value) {
			this(name, value, null);
		}

	}

}

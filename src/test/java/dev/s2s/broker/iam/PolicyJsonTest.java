package dev.s2s.broker.iam;

import java.util.List;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.PolicyDocument.Attribute;
import dev.s2s.broker.recipe.PolicyIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IAM's JSON of a policy, as the API documents it and as IAM answers: the policy document
 * it is, so that it compares as the broker's by {@link PolicyIdentity}, and what a
 * conflict names.
 */
class PolicyJsonTest {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String BACKUP_ROLE = "crn:v1:bluemix:public:iam::::serviceRole:BackupOperator";

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The broker's document for Backup for VPC on block storage volumes, as it submits
	 * it.
	 */
	private final PolicyDocument submitted = new PolicyDocument("authorization",
			List.of(new PolicyDocument.Subject(List.of(new Attribute("accountId", ACCOUNT),
					new Attribute("serviceName", "is"), new Attribute("resourceType", "backup-policy")))),
			List.of(new PolicyDocument.Role("crn:v1:bluemix:public:iam::::role:Operator"),
					new PolicyDocument.Role(BACKUP_ROLE)),
			List.of(new PolicyDocument.Resource(List.of(new Attribute("accountId", ACCOUNT),
					new Attribute("serviceName", "is"), new Attribute("resourceType", "volume")))));

	@Test
	void aPolicyAsIamListsItIsTheSubmittedDocumentWhateverTheOrderOfAttributesAndRoles() {
		JsonNode listed = json.readTree("""
				{
				  "id": "12345678-abcd-1a2b-a1b2-1234567890ab",
				  "type": "authorization",
				  "subjects": [ { "attributes": [
				    { "name": "resourceType", "value": "backup-policy" },
				    { "name": "serviceName", "value": "is" },
				    { "name": "accountId", "value": "%1$s" } ] } ],
				  "roles": [
				    { "role_id": "%2$s", "display_name": "BackupOperator" },
				    { "role_id": "crn:v1:bluemix:public:iam::::role:Operator", "display_name": "Operator" } ],
				  "resources": [ { "attributes": [
				    { "name": "serviceName", "value": "is", "operator": "stringEquals" },
				    { "name": "resourceType", "value": "volume", "operator": "stringEquals" },
				    { "name": "accountId", "value": "%1$s", "operator": "stringEquals" } ] } ],
				  "href": "https://iam.cloud.ibm.com/v1/policies/12345678-abcd-1a2b-a1b2-1234567890ab",
				  "created_at": "2026-11-23T10:00:00.000Z",
				  "state": "active"
				}
				""".formatted(ACCOUNT, BACKUP_ROLE));

		assertThat(identity(listed)).isEqualTo(asSubmitted());
		assertThat(PolicyJson.document(listed).roles()).extracting(PolicyDocument.Role::roleId)
			.containsExactlyInAnyOrderElementsOf(submitted.roles().stream().map(PolicyDocument.Role::roleId).toList());
		assertThat(PolicyJson.document(listed).resources().get(0).attributes()).as("each operator as IAM lists it")
			.extracting(Attribute::operator)
			.containsOnly("stringEquals");
		assertThat(PolicyJson.id(listed)).isEqualTo("12345678-abcd-1a2b-a1b2-1234567890ab");
		assertThat(PolicyJson.roleIds(listed)).isSorted().hasSize(2);
	}

	@Test
	void aDescriptionMakesNoDifferenceAsInIamsConflictDetection() {
		JsonNode marked = json
			.valueToTree(submitted.describedAs("s2s-broker grant 00000000-0000-0000-0000-000000000001 policy 0"));
		JsonNode edited = json.valueToTree(submitted.describedAs("Backup for VPC, made in the console"));

		assertThat(identity(marked)).isEqualTo(asSubmitted());
		assertThat(identity(edited)).isEqualTo(asSubmitted());
		assertThat(PolicyJson.document(edited).description()).as("left out of the document").isNull();
	}

	@Test
	void readsTheDescriptionOfTheWholeConflictingPolicyAndOfAPolicyWithoutOne() {
		JsonNode conflict = conflict("""
				"details": { "conflicts_with": { "policy": { "id": "12345678-abcd-1a2b-a1b2-1234567890ab",
				  "description": "s2s-broker grant 00000000-0000-0000-0000-000000000001 policy 0" } } }""");

		assertThat(PolicyJson.conflictingPolicy(conflict).flatMap(PolicyJson::description))
			.contains("s2s-broker grant 00000000-0000-0000-0000-000000000001 policy 0");
		assertThat(PolicyJson.description(json.valueToTree(submitted))).isEmpty();
		assertThat(PolicyJson.conflictingPolicy(conflict("""
				"details": { "conflicts_with": { "policy": "12345678-abcd-1a2b-a1b2-1234567890ab" } }""")))
			.as("a 409 naming only the id holds no policy to read")
			.isEmpty();
	}

	@Test
	void aChangedRoleMakesThePolicyDifferent() {
		JsonNode edited = json.valueToTree(new PolicyDocument(submitted.type(), submitted.subjects(),
				List.of(new PolicyDocument.Role("crn:v1:bluemix:public:iam::::role:Viewer"),
						new PolicyDocument.Role(BACKUP_ROLE)),
				submitted.resources()));

		assertThat(identity(edited)).isNotEqualTo(asSubmitted());
	}

	@Test
	void aChangedResourceAttributeMakesThePolicyDifferent() {
		JsonNode edited = json.valueToTree(new PolicyDocument(submitted.type(), submitted.subjects(), submitted.roles(),
				List.of(new PolicyDocument.Resource(List.of(new Attribute("accountId", ACCOUNT),
						new Attribute("serviceName", "is"), new Attribute("resourceType", "snapshot"))))));

		assertThat(identity(edited)).isNotEqualTo(asSubmitted());
	}

	@Test
	void readsTheConflictingPolicyIdWhenIamNamesItAsAString() {
		JsonNode conflict = conflict("""
				"details": { "conflicts_with": { "etag": "1-847833cec3bf3f3c3231d8f9492febac",
				  "policy": "12345678-abcd-1a2b-a1b2-1234567890ab" } }""");

		assertThat(PolicyJson.conflictingPolicyId(conflict)).contains("12345678-abcd-1a2b-a1b2-1234567890ab");
	}

	@Test
	void readsTheConflictingPolicyIdFromTheWholePolicyObjectIamAnswersInPractice() {
		JsonNode conflict = conflict("""
				"details": { "conflicts_with": { "etag": "1-847833cec3bf3f3c3231d8f9492febac",
				  "policy": { "id": "12345678-abcd-1a2b-a1b2-1234567890ab", "type": "authorization",
				    "state": "active" } } }""");

		assertThat(PolicyJson.conflictingPolicyId(conflict)).contains("12345678-abcd-1a2b-a1b2-1234567890ab");
	}

	@Test
	void findsNoConflictingPolicyWhenIamNamesNone() {
		assertThat(PolicyJson.conflictingPolicyId(conflict("\"more_info\": \"https://cloud.ibm.com/docs\""))).isEmpty();
		JsonNode blank = conflict("\"details\": { \"conflicts_with\": { \"policy\": \" \" } }");
		assertThat(PolicyJson.conflictingPolicyId(blank)).as("a blank id names nothing").isEmpty();
		assertThat(PolicyJson.conflictingPolicyId(json.createObjectNode())).isEmpty();
	}

	private PolicyIdentity asSubmitted() {
		return PolicyIdentity.of(submitted);
	}

	private static PolicyIdentity identity(JsonNode policy) {
		return PolicyIdentity.of(PolicyJson.document(policy));
	}

	/** IAM's 409 body, with {@code extra} as further fields of its first error. */
	private JsonNode conflict(String extra) {
		return json.readTree("""
				{
				  "trace": "9c38ba0bb36e4c83a1e0a2be36e4c7b2",
				  "errors": [ { "code": "policy_conflict_error", "message": "Failed to create policy.", %s } ],
				  "status_code": 409
				}
				""".formatted(extra));
	}

}

package dev.s2s.broker;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract {@code openapi.yaml} states field by field, as a client's validator reads
 * it ({@link ApiContract}): a field with no value is absent, never {@code null}; what is
 * always there is {@code required}; the holes of a positional list are {@code null}; a
 * problem's {@code instance} is a URI reference.
 */
class ApiContractTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String VERIFICATION = "/components/schemas/PolicyVerification";

	@Test
	void aFieldWithNoValueIsAbsentNotNull() {
		assertThat(violations(VERIFICATION, """
				{"ordinal": 0, "iamPolicyId": "c8254045-a9fb-4222-9d3b-78e89f3044e1", "drift": "IN_SYNC"}"""))
			.isEmpty();
		assertThat(violations(VERIFICATION, """
				{"ordinal": 0, "iamPolicyId": "c8254045-a9fb-4222-9d3b-78e89f3044e1", "drift": "IN_SYNC",
				 "detail": null}""")).containsExactly("/detail: null found, string expected [type]");
	}

	@Test
	void aFieldThatIsAlwaysThereIsRequired() {
		assertThat(violations(VERIFICATION, """
				{"ordinal": 0, "iamPolicyId": "c8254045-a9fb-4222-9d3b-78e89f3044e1"}""")).singleElement()
			.asString()
			.endsWith("[required]")
			.contains("drift");
	}

	@Test
	void anEnumTakesOnlyItsValues() {
		assertThat(violations(VERIFICATION, """
				{"ordinal": 0, "iamPolicyId": "c8254045-a9fb-4222-9d3b-78e89f3044e1", "drift": "SYNCED"}"""))
			.singleElement()
			.asString()
			.startsWith("/drift: ")
			.endsWith("[enum]");
	}

	@Test
	void theHolesOfAPositionalListAreNull() {
		assertThat(violations("/components/schemas/AccountIntent", """
				{"recipe": "vpc-backup", "parameters": {"accountId": "0123456789abcdef0123456789abcdef"},
				 "satisfaction": "PARTIAL", "present": 1, "expected": 2,
				 "policyIds": ["c8254045-a9fb-4222-9d3b-78e89f3044e1", null]}""")).isEmpty();
	}

	@Test
	void aProblemIsTypedTitledWithItsStatusAndItsInstanceIsTheRequestPath() {
		assertThat(violations("/components/schemas/Problem", """
				{"type": "urn:s2s-broker:problem:not-found", "title": "Recipe not found", "status": 404,
				 "instance": "/v1/recipes/no-such-recipe"}""")).isEmpty();
		assertThat(violations("/components/schemas/Problem", """
				{"title": "Recipe not found", "status": 404, "instance": "/v1/recipes/no such recipe"}""")).hasSize(2)
			.anySatisfy(violation -> assertThat(violation).startsWith("/instance: ").endsWith("[format]"))
			.anySatisfy(violation -> assertThat(violation).contains("type").endsWith("[required]"));
	}

	private static List<String> violations(String schema, String value) {
		JsonNode instance = json.readTree(value);
		return ApiContract.violations(schema, instance).stream().map(ApiContract.Violation::toString).toList();
	}

}

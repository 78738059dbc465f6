package dev.s2s.broker.iam;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which role IAM offers is the one a recipe names: IAM's {@code RoleCollection} as
 * {@code GET /v2/roles} answers it (the API spec's example shape).
 */
class OfferedRolesTest {

	private final JsonMapper json = JsonMapper.builder().build();

	private final OfferedRoles offered = OfferedRoles.of(json.readTree("""
			{
			  "custom_roles": [],
			  "service_roles": [
			    {"display_name": "Reader", "description": "Reader role", "actions": ["is.a"],
			     "crn": "crn:v1:bluemix:public:iam::::serviceRole:Reader"},
			    {"display_name": "Editor", "description": "A service role of the same name", "actions": ["is.b"],
			     "crn": "crn:v1:bluemix:public:is::::serviceRole:Editor"},
			    {"display_name": "Authorization Delegator", "description": "Delegates", "actions": ["is.c"],
			     "crn": "crn:v1:bluemix:public:is::::serviceRole:AuthDelegator"},
			    {"display_name": "No CRN", "description": "Not usable as a role_id", "actions": ["is.d"]}
			  ],
			  "system_roles": [
			    {"display_name": "Editor", "description": "Editor role", "actions": ["is.e"],
			     "crn": "crn:v1:bluemix:public:iam::::role:Editor"},
			    {"display_name": "Operator", "description": "Operator role", "actions": ["is.f"],
			     "crn": "crn:v1:bluemix:public:is::::role:Operator"}
			  ]
			}""")).orElseThrow();

	@Test
	void aRoleIamListsWithTheSameCrnIsThatCrn() {
		assertThat(offered.crnOf("crn:v1:bluemix:public:iam::::serviceRole:Reader"))
			.contains("crn:v1:bluemix:public:iam::::serviceRole:Reader");
	}

	@Test
	void aRoleIamListsUnderAnotherCrnEndingInTheSameKindAndNameIsIamsCrn() {
		assertThat(offered.crnOf("crn:v1:bluemix:public:iam::::role:Operator"))
			.contains("crn:v1:bluemix:public:is::::role:Operator");
	}

	@Test
	void aPlatformRoleIsNotTakenForAServiceRoleOfTheSameNameWhenIamListsBoth() {
		assertThat(offered.crnOf("crn:v1:bluemix:public:iam::::role:Editor"))
			.contains("crn:v1:bluemix:public:iam::::role:Editor");
		assertThat(offered.crnOf("crn:v1:bluemix:public:iam::::serviceRole:Editor"))
			.contains("crn:v1:bluemix:public:is::::serviceRole:Editor");
	}

	@Test
	void aBareNameMatchesEitherKindButAPinnedKindIsNeverExchangedForTheOther() {
		assertThat(offered.crnOf("Reader")).contains("crn:v1:bluemix:public:iam::::serviceRole:Reader");
		assertThat(offered.crnOf("crn:v1:bluemix:public:iam::::role:Reader"))
			.as("a platform Reader (IBM's API examples) is not the service role IAM offers")
			.isEmpty();
	}

	@Test
	void aRoleIsFoundByItsDisplayNameIgnoringSpaces() {
		assertThat(offered.crnOf("crn:v1:bluemix:public:iam::::serviceRole:AuthorizationDelegator"))
			.contains("crn:v1:bluemix:public:is::::serviceRole:AuthDelegator");
	}

	@Test
	void aRoleIamDoesNotListIsNotFound() {
		assertThat(offered.crnOf("crn:v1:bluemix:public:iam::::serviceRole:Manager")).isEmpty();
		assertThat(offered.crnOf("crn:v1:bluemix:public:iam::::serviceRole:NoCRN")).isEmpty();
	}

	@Test
	void namesListEachRoleWithACrnOnceSystemRolesFirst() {
		assertThat(offered.names()).containsExactly("Editor", "Operator", "Reader", "AuthDelegator");
	}

	@Test
	void threeEmptyListsAreNoRolesAndABodyWithoutThemIsNoCollection() {
		assertThat(OfferedRoles.of(json.readTree("""
				{"custom_roles": [], "service_roles": [], "system_roles": []}""")))
			.hasValueSatisfying(roles -> assertThat(roles.isEmpty()).isTrue());
		assertThat(OfferedRoles.of(json.readTree("{}"))).isEmpty();
		assertThat(OfferedRoles.of(json.readTree("[]"))).isEmpty();
	}

}

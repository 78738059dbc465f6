package dev.s2s.broker.grant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IAM holds one authorization policy per subject and resource, whatever its roles (its
 * 409 says so), so a policy made elsewhere with fewer roles is not the intent: the broker
 * extends it with the missing roles, gives back only those at revoke, and counts a role
 * removed by hand as drift that repair adds back (issue 20). The stand-in conflicts as
 * IAM does.
 */
class ExistingPoliciesIT extends BrokerIT {

	private static final String VIEWER = "crn:v1:bluemix:public:iam::::role:Viewer";

	private static final String OPERATOR = "crn:v1:bluemix:public:iam::::role:Operator";

	private static final String EDITOR = "crn:v1:bluemix:public:iam::::role:Editor";

	private static final String SHARE_SNAPSHOT_OPERATOR = "crn:v1:bluemix:public:is::::serviceRole:ShareSnapshotOperator";

	/**
	 * An operator's recipe whose one policy has file-share-backup's subject and resource
	 * with fewer roles.
	 */
	private static final String SHARE_EDITOR_CATALOG = """
			recipes:
			  - name: share-editor
			    title: Let Backup for VPC edit an account's file shares
			    docs: https://cloud.ibm.com/docs/vpc?topic=vpc-backup-s2s-auth
			    description: The file-share-backup policy without its service role.
			    parameters:
			      - {name: accountId, format: account-id, required: true, description: The account}
			    policies:
			      - subject: {accountId: "${accountId}", serviceName: is, resourceType: backup-policy}
			        roles: [crn:v1:bluemix:public:iam::::role:Editor]
			        resource:
			          accountId: "${accountId}"
			          serviceName: is
			          shareId: {operator: stringExists, value: "true"}
			""";

	@TempDir
	Path directory;

	@Test
	void aNarrowerPolicyMadeInTheConsoleIsExtendedAndARevokeRestoresItExactly() {
		String account = newAccount();
		String console = consoleMadeVolumePolicy(account, List.of(VIEWER));
		JsonNode before = iam.policy(console);

		Answer plan = post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)));
		Answer granted = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");

		assertThat(plan.body().path("policies").path(0).path("inIam").asString()).isEqualTo("EXTEND");
		assertThat(plan.body().path("policies").path(0).path("rolesToAdd").valueStream().map(JsonNode::asString))
			.containsExactly(OPERATOR);
		assertThat(granted.body().path("status").asString()).as(granted.body().toString()).isEqualTo("SUCCEEDED");
		JsonNode volume = granted.body().path("policies").path(0);
		assertThat(volume.path("status").asString()).isEqualTo("EXTENDED");
		assertThat(volume.path("iamPolicyId").asString()).isEqualTo(console);
		assertThat(volume.path("addedRoles").valueStream().map(JsonNode::asString)).containsExactly(OPERATOR);
		assertThat(iam.rolesOf(console)).containsExactly(VIEWER, OPERATOR);
		assertThat(iam.policy(console).path("description")).isEqualTo(before.path("description"));
		assertThat(get("/v1/grants/" + granted.body().path("id").asString() + "/attempts").body()
			.valueStream()
			.map(attempt -> attempt.path("operation").asString())).contains("update_policy");

		Answer revoked = delete("/v1/backup-authorizations/" + account, "Prefer", "wait=20");

		assertThat(revoked.body().path("status").asString()).as(revoked.body().toString()).isEqualTo("REVOKED");
		assertThat(revoked.body().path("policies").path(0).path("status").asString()).isEqualTo("RETAINED");
		JsonNode after = iam.policy(console);
		assertThat(after).as("the console's policy, kept").isNotNull();
		assertThat(after.path("roles")).isEqualTo(before.path("roles"));
		assertThat(after.path("description")).isEqualTo(before.path("description"));
		assertThat(iam.policiesIn(account)).as("the policies the grant created, deleted").hasSize(1);
	}

	@Test
	void aWiderPolicyIsAdoptedAsItIsAndLeftAsItIsByARevoke() {
		String account = newAccount();
		String console = consoleMadeVolumePolicy(account, List.of(OPERATOR, VIEWER));

		Answer granted = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");
		JsonNode intents = get("/v1/accounts/" + account + "/authorizations").body().path("intents");
		Answer revoked = delete("/v1/backup-authorizations/" + account, "Prefer", "wait=20");

		assertThat(granted.body().path("policies").path(0).path("status").asString()).isEqualTo("EXISTED");
		assertThat(intents.valueStream()
			.filter(intent -> intent.path("recipe").asString().equals("vpc-backup"))
			.map(intent -> intent.path("satisfaction").asString() + " " + intent.path("managedBy").asString()))
			.as("the inventory counts the wider policy as the intent's")
			.containsExactly("FULL " + granted.body().path("id").asString());
		assertThat(revoked.body().path("policies").path(0).path("status").asString()).isEqualTo("RETAINED");
		assertThat(iam.rolesOf(console)).containsExactly(OPERATOR, VIEWER);
	}

	@Test
	void aPolicyOneGrantCreatedAndAnotherGrantAlsoHoldsOutlivesTheRevokeOfTheFirst() {
		String account = newAccount();
		Answer first = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");
		// The same account as its own enterprise: another intent, whose first four
		// policies
		// are the first grant's (IAM's 409 names them, with the first grant's mark).
		Answer second = post("/v1/backup-authorizations", Map.of("accountId", account, "enterpriseAccountId", account),
				"Prefer", "wait=20");
		String shared = first.body().path("policies").path(0).path("iamPolicyId").asString();
		List<String> roles = iam.rolesOf(shared);

		Answer revoked = delete("/v1/grants/" + first.body().path("id").asString(), "Prefer", "wait=20");

		assertThat(second.body().path("status").asString()).as(second.body().toString()).isEqualTo("SUCCEEDED");
		assertThat(second.body().path("policies").path(0).path("iamPolicyId").asString()).isEqualTo(shared);
		assertThat(revoked.body().path("status").asString()).as(revoked.body().toString()).isEqualTo("REVOKED");
		assertThat(revoked.body().path("policies").path(0).path("status").asString()).isEqualTo("RETAINED");
		assertThat(iam.policy(shared)).as("kept for the grant that still needs it").isNotNull();
		assertThat(iam.rolesOf(shared)).containsExactlyElementsOf(roles);
		assertThat(post("/v1/grants/" + second.body().path("id").asString() + "/verify", "").body()
			.path("policies")
			.valueStream()
			.map(policy -> policy.path("drift").asString())).containsOnly("IN_SYNC");

		Answer last = delete("/v1/grants/" + second.body().path("id").asString(), "Prefer", "wait=20");

		assertThat(last.body().path("status").asString()).as(last.body().toString()).isEqualTo("REVOKED");
		assertThat(last.body().path("policies").valueStream().map(policy -> policy.path("status").asString()))
			.containsOnly("DELETED");
		assertThat(iam.policy(shared)).as("the broker made it and no live grant holds it: deleted").isNull();
		assertThat(iam.policiesIn(account)).isEmpty();
	}

	@Test
	void twoRecipesSharingOnePolicyEachKeepWhatTheOtherNeedsAndTheLastRevokeDeletesIt() throws IOException {
		Path catalog = Files.writeString(directory.resolve("shares.yaml"), SHARE_EDITOR_CATALOG);
		try (ConfigurableApplicationContext broker = startBroker(TestDatabase.get("s2s_it_shared_policies"),
				Map.of("broker.recipes.locations", "file:" + catalog))) {
			port = Integer.parseInt(broker.getEnvironment().getProperty("local.server.port"));
			String account = newAccount();
			Answer editor = post("/v1/grants",
					Map.of("recipe", "share-editor", "parameters", Map.of("accountId", account)), "Prefer", "wait=20");
			String shared = editor.body().path("policies").path(0).path("iamPolicyId").asString();
			// file-share-backup's one policy has the same subject and resource, and a
			// role more: IAM's 409 names the share-editor's policy, which is extended.
			Answer backup = post("/v1/grants",
					Map.of("recipe", "file-share-backup", "parameters", Map.of("accountId", account)), "Prefer",
					"wait=20");

			assertThat(editor.body().path("policies").path(0).path("status").asString()).isEqualTo("CREATED");
			assertThat(backup.body().path("status").asString()).as(backup.body().toString()).isEqualTo("SUCCEEDED");
			assertThat(backup.body().path("policies").path(0).path("status").asString()).isEqualTo("EXTENDED");
			assertThat(backup.body().path("policies").path(0).path("iamPolicyId").asString()).isEqualTo(shared);
			assertThat(iam.rolesOf(shared)).containsExactly(EDITOR, SHARE_SNAPSHOT_OPERATOR);

			Answer first = delete("/v1/grants/" + editor.body().path("id").asString(), "Prefer", "wait=20");

			assertThat(first.body().path("status").asString()).as(first.body().toString()).isEqualTo("REVOKED");
			assertThat(first.body().path("policies").path(0).path("status").asString()).isEqualTo("RETAINED");
			assertThat(iam.rolesOf(shared)).as("Editor is file-share-backup's too")
				.containsExactly(EDITOR, SHARE_SNAPSHOT_OPERATOR);
			assertThat(post("/v1/grants/" + backup.body().path("id").asString() + "/verify", "").body()
				.path("policies")
				.path(0)
				.path("drift")
				.asString()).isEqualTo("IN_SYNC");

			Answer last = delete("/v1/grants/" + backup.body().path("id").asString(), "Prefer", "wait=20");

			assertThat(last.body().path("status").asString()).as(last.body().toString()).isEqualTo("REVOKED");
			assertThat(last.body().path("policies").path(0).path("status").asString()).isEqualTo("DELETED");
			assertThat(iam.policy(shared)).as("the broker made it; no live grant holds it").isNull();
			assertThat(iam.policiesIn(account)).isEmpty();
		}
	}

	@Test
	void aRoleRemovedByHandIsDriftAndRepairAddsItBack() {
		String account = newAccount();
		Answer granted = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");
		String grant = granted.body().path("id").asString();
		String volume = granted.body().path("policies").path(0).path("iamPolicyId").asString();
		iam.changeRole(volume, VIEWER);

		Answer verified = post("/v1/grants/" + grant + "/verify", "");
		Answer repaired = post("/v1/grants/" + grant + "/repair", "", "Prefer", "wait=20");

		assertThat(verified.body().path("policies").path(0).path("drift").asString()).isEqualTo("ROLES_MISSING");
		assertThat(verified.body().path("policies").path(0).path("detail").asString()).contains(OPERATOR);
		assertThat(repaired.body().path("status").asString()).as(repaired.body().toString()).isEqualTo("SUCCEEDED");
		assertThat(repaired.body().path("policies").path(0).path("iamPolicyId").asString()).isEqualTo(volume);
		assertThat(iam.rolesOf(volume)).contains(OPERATOR);
		assertThat(post("/v1/grants/" + grant + "/verify", "").body().path("policies").path(0).path("drift").asString())
			.isEqualTo("IN_SYNC");
	}

	@Test
	void withExtensionsOffANarrowerPolicyFailsTheGrantNamingItsRolesAndTheMissingOnes() {
		try (ConfigurableApplicationContext broker = startBroker(TestDatabase.get("s2s_it_no_extend"),
				Map.of("broker.iam.extend-existing-policies", "false"))) {
			port = Integer.parseInt(broker.getEnvironment().getProperty("local.server.port"));
			String account = newAccount();
			String console = consoleMadeVolumePolicy(account, List.of(VIEWER));

			Answer granted = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");

			assertThat(granted.body().path("status").asString()).as(granted.body().toString()).isEqualTo("FAILED");
			JsonNode error = granted.body().path("policies").path(0).path("lastError");
			assertThat(error.path("code").asString()).isEqualTo("policy_roles_missing");
			assertThat(error.path("message").asString()).contains(console, VIEWER, OPERATOR);
			assertThat(iam.rolesOf(console)).containsExactly(VIEWER);
		}
	}

	/**
	 * The volume policy of vpc-backup for the account, as someone made it in the console
	 * with these roles and a description of their own.
	 */
	private String consoleMadeVolumePolicy(String account, List<String> roles) {
		JsonNode planned = post("/v1/plans", Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account)))
			.body()
			.path("policies")
			.path(0)
			.path("document");
		ObjectNode document = (ObjectNode) planned.deepCopy();
		document.put("description", "Made in the console by the backup team");
		ArrayNode granted = document.putArray("roles");
		roles.forEach(role -> granted.addObject().put("role_id", role));
		return iam.givenPolicy(document);
	}

}

package dev.s2s.broker.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.BrokerIT;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import dev.s2s.broker.standin.IamStandIn.Received;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/accounts/{accountId}/authorizations} against the IAM stand-in, listing
 * three policies a page: what an account holds, read back into recipes, managed by a
 * grant or not, and the intents it satisfies. Assertions name the recipes they are about
 * only: the catalog grows.
 */
class InventoryIT extends BrokerIT {

	private static final String HUB_VPC = "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c";

	private static final String IAM_ROLE = "crn:v1:bluemix:public:iam::::role:";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void readsEveryPageBackIntoRecipesManagedOrNotAndTheIntentsTheAccountSatisfies() {
		String account = newAccount();
		String enterprise = newAccount();
		String spoke = newAccount();
		iam.pageSize(3);
		String unrelated = iam.givenPolicy(
				policy(attributes("accountId", spoke, "serviceName", "databases-for-postgresql", "region", "eu-de"),
						"crn:v1:bluemix:public:iam::::serviceRole:Reader",
						attributes("accountId", account, "serviceName", "kms")));
		String enterpriseVolumes = iam.givenPolicy(backupPolicy(enterprise, account, "Operator", "volumeId"));
		Answer granted = post("/v1/backup-authorizations", Map.of("accountId", account), "Prefer", "wait=20");
		assertThat(granted.body().path("status").asString()).as(granted.body().toString()).isEqualTo("SUCCEEDED");
		String grant = granted.body().path("id").asString();
		List<String> grantPolicies = granted.body()
			.path("policies")
			.valueStream()
			.map(policy -> policy.path("iamPolicyId").asString())
			.toList();
		String dnsSharing = iam
			.givenPolicy(policy(attributes("accountId", spoke, "serviceName", "is", "resourceType", "vpc"),
					"crn:v1:bluemix:public:is::::serviceRole:DNSBindingConnector",
					attributes("accountId", account, "serviceName", "is", "vpcId", HUB_VPC)));
		String enterpriseSnapshotGroups = iam
			.givenPolicy(backupPolicy(enterprise, account, "Editor", "snapshotConsistencyGroupId"));
		iam.givenPolicy(backupPolicy(account, spoke, "Operator", "volumeId"));

		Answer inventory = get("/v1/accounts/" + account + "/authorizations");

		assertThat(inventory.status()).as(inventory.body().toString()).isEqualTo(200);
		assertThat(inventory.body().path("accountId").asString()).isEqualTo(account);
		assertThat(ids(inventory.body().path("policies"))).as("every policy filed under the account, in IAM's order")
			.containsExactlyElementsOf(
					iam.policiesIn(account).stream().map(policy -> policy.path("id").asString()).toList())
			.hasSize(8);
		assertThat(listsOf(account)).as("pages read, three policies a page").hasSize(3);

		Map<String, JsonNode> policies = byId(inventory.body().path("policies"));
		for (int i = 0; i < 4; i++) {
			JsonNode policy = policies.get(grantPolicies.get(i));
			assertThat(recognized(policy, "vpc-backup")).as("the grant's policy %d", i)
				.containsExactly(
						Map.of("recipe", "vpc-backup", "parameters", Map.of("accountId", account), "policyIndex", i));
			assertThat(policy.path("managed").path("grantId").asString()).isEqualTo(grant);
			assertThat(policy.path("managed").path("grantStatus").asString()).isEqualTo("SUCCEEDED");
			assertThat(policy.path("managed").path("policyStatus").asString()).isEqualTo("CREATED");
		}
		Map<String, String> dnsParameters = Map.of("spokeAccountId", spoke, "hubAccountId", account, "hubVpcId",
				HUB_VPC);
		assertThat(recognized(policies.get(dnsSharing), "vpe-dns-sharing"))
			.as("without spokeVpcId: every VPC of the spoke account")
			.containsExactly(Map.of("recipe", "vpe-dns-sharing", "parameters", dnsParameters, "policyIndex", 0));
		Map<String, String> enterpriseParameters = Map.of("accountId", account, "enterpriseAccountId", enterprise);
		assertThat(recognized(policies.get(enterpriseVolumes), "vpc-backup"))
			.containsExactly(Map.of("recipe", "vpc-backup", "parameters", enterpriseParameters, "policyIndex", 0));
		assertThat(recognized(policies.get(enterpriseSnapshotGroups), "vpc-backup"))
			.containsExactly(Map.of("recipe", "vpc-backup", "parameters", enterpriseParameters, "policyIndex", 2));
		assertThat(policies.get(unrelated).path("recognized").isEmpty()).as("a policy of no recipe").isTrue();
		assertThat(policies.get(unrelated).path("subject").valueStream().map(a -> a.path("name").asString()))
			.containsExactly("accountId", "serviceName", "region");
		assertThat(policies.get(unrelated).path("roles").path(0).asString())
			.isEqualTo("crn:v1:bluemix:public:iam::::serviceRole:Reader");
		for (String unmanaged : List.of(dnsSharing, enterpriseVolumes, enterpriseSnapshotGroups, unrelated)) {
			assertThat(policies.get(unmanaged).has("managed")).as("unmanaged %s", unmanaged).isFalse();
		}

		JsonNode intents = inventory.body().path("intents");
		JsonNode backup = intent(intents, "vpc-backup", Map.of("accountId", account));
		assertThat(backup.path("satisfaction").asString()).isEqualTo("FULL");
		assertThat(backup.path("present").asInt()).isEqualTo(4);
		assertThat(backup.path("expected").asInt()).isEqualTo(4);
		assertThat(texts(backup.path("policyIds"))).containsExactlyElementsOf(grantPolicies);
		assertThat(backup.path("managedBy").asString()).isEqualTo(grant);
		JsonNode dns = intent(intents, "vpe-dns-sharing", dnsParameters);
		assertThat(dns.path("satisfaction").asString()).isEqualTo("FULL");
		assertThat(dns.path("present").asInt()).isEqualTo(1);
		assertThat(dns.path("expected").asInt()).isEqualTo(1);
		assertThat(texts(dns.path("policyIds"))).containsExactly(dnsSharing);
		assertThat(dns.has("managedBy")).isFalse();
		JsonNode partial = intent(intents, "vpc-backup", enterpriseParameters);
		assertThat(partial.path("satisfaction").asString()).isEqualTo("PARTIAL");
		assertThat(partial.path("present").asInt()).isEqualTo(2);
		assertThat(partial.path("expected").asInt()).isEqualTo(5);
		assertThat(texts(partial.path("policyIds"))).containsExactly(enterpriseVolumes, null, enterpriseSnapshotGroups,
				null, null);
		assertThat(partial.has("managedBy")).isFalse();
	}

	@Test
	void aCallerThatMayNotReadTheAccountIsRefusedAuditedAndIamIsNotAsked() {
		String account = newAccount();
		iam.givenPolicy(backupPolicy(account, account, "Operator", "volumeId"));

		Answer refused = asTeam("/v1/accounts/" + account + "/authorizations");

		assertThat(refused.status()).as(refused.body().toString()).isEqualTo(403);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(refused.body().toString()).doesNotContain("volumeId");
		assertThat(listsOf(account)).isEmpty();
		assertThat(get("/v1/audit-events?accountId=" + account).body()).singleElement().satisfies(event -> {
			assertThat(event.path("caller").asString()).isEqualTo("iam-" + BACKUP_TEAM);
			assertThat(event.path("operation").asString()).isEqualTo("READ");
			assertThat(event.path("outcome").asString()).isEqualTo("DENIED");
		});
		assertThat(asTeam("/v1/accounts/" + BACKUP_TEAM_ACCOUNTS.get(1) + "/authorizations").status())
			.as("its own account")
			.isEqualTo(200);
	}

	@Test
	void aPolicyHeldByAGrantTheCallerMayNotReadShowsAsManagedButNotByWhich() {
		String team = BACKUP_TEAM_ACCOUNTS.get(0);
		String enterprise = newAccount();
		Answer granted = post("/v1/backup-authorizations", Map.of("accountId", team, "enterpriseAccountId", enterprise),
				"Prefer", "wait=20");
		assertThat(granted.body().path("status").asString()).as(granted.body().toString()).isEqualTo("SUCCEEDED");

		Answer seenByTeam = asTeam("/v1/accounts/" + team + "/authorizations");
		Answer seenByCaller = get("/v1/accounts/" + team + "/authorizations");

		assertThat(seenByTeam.status()).as(seenByTeam.body().toString()).isEqualTo(200);
		assertThat(seenByTeam.body().path("policies")).hasSize(5).allSatisfy(policy -> {
			assertThat(policy.path("managed").path("policyStatus").asString()).isEqualTo("CREATED");
			assertThat(policy.path("managed").has("grantId")).isFalse();
			assertThat(policy.path("managed").has("grantStatus")).isFalse();
		});
		assertThat(intent(seenByTeam.body().path("intents"), "vpc-backup",
				Map.of("accountId", team, "enterpriseAccountId", enterprise))
			.has("managedBy")).isFalse();
		assertThat(seenByCaller.body().path("policies"))
			.allSatisfy(policy -> assertThat(policy.path("managed").path("grantId").asString())
				.isEqualTo(granted.body().path("id").asString()));
	}

	@Test
	void anAccountIdThatIsNotOneIsRefusedNamingTheField() {
		Answer answer = get("/v1/accounts/0123456789ABCDEF0123456789ABCDEF/authorizations");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.contentType()).isEqualTo("application/problem+json");
		assertThat(answer.body().path("errors").path(0).path("field").asString()).isEqualTo("accountId");
		assertThat(iam.received()).noneMatch(request -> request.path().equals("/v1/policies"));
	}

	@Test
	void aPageIamFailsToListAnswers503WithTheReason() {
		String account = newAccount();
		iam.pageSize(1);
		iam.givenPolicy(backupPolicy(account, account, "Operator", "volumeId"));
		iam.givenPolicy(backupPolicy(account, account, "Operator", "instanceId"));
		iam.failNext(Operation.LIST_POLICIES, Fault.latency(Duration.ZERO), Fault.status(500));

		Answer answer = get("/v1/accounts/" + account + "/authorizations");

		assertThat(answer.status()).as(answer.body().toString()).isEqualTo(503);
		assertThat(answer.contentType()).isEqualTo("application/problem+json");
		assertThat(answer.body().path("type").asString()).isEqualTo("urn:s2s-broker:problem:iam-unavailable");
		assertThat(answer.body().path("detail").asString()).contains(account)
			.contains("IAM answered 500 (unable_to_process)")
			.doesNotContain(iam.apiKey());
		assertThat(listsOf(account)).as("the first page, then the failed one; never retried").hasSize(2);
	}

	/** A vpc-backup policy as the catalog has it, made in IAM by hand. */
	private static Map<String, Object> backupPolicy(String source, String target, String role, String resource) {
		return policy(attributes("accountId", source, "serviceName", "is", "resourceType", "backup-policy"),
				IAM_ROLE + role, attributes("accountId", target, "serviceName", "is", resource, "*"));
	}

	private static Map<String, Object> policy(List<Map<String, String>> subject, String role,
			List<Map<String, String>> resource) {
		return Map.of("type", "authorization", "subjects", List.of(Map.of("attributes", subject)), "roles",
				List.of(Map.of("role_id", role)), "resources", List.of(Map.of("attributes", resource)));
	}

	private static List<Map<String, String>> attributes(String... namesAndValues) {
		List<Map<String, String>> attributes = new ArrayList<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			attributes.add(Map.of("name", namesAndValues[i], "value", namesAndValues[i + 1]));
		}
		return attributes;
	}

	/** The inventory's lists of the account's policies in IAM. */
	private static List<Received> listsOf(String account) {
		return iam.received()
			.stream()
			.filter(request -> request.method().equals("GET") && request.path().equals("/v1/policies")
					&& request.query().contains("account_id=" + account)
					&& String.valueOf(request.transactionId()).startsWith("s2s-inventory-"))
			.toList();
	}

	private static List<String> ids(JsonNode policies) {
		return policies.valueStream().map(policy -> policy.path("id").asString()).toList();
	}

	private static Map<String, JsonNode> byId(JsonNode policies) {
		Map<String, JsonNode> byId = new LinkedHashMap<>();
		policies.forEach(policy -> byId.put(policy.path("id").asString(), policy));
		return byId;
	}

	private static List<Object> recognized(JsonNode policy, String recipe) {
		return policy.path("recognized")
			.valueStream()
			.filter(recognition -> recognition.path("recipe").asString().equals(recipe))
			.map(recognition -> (Object) json.treeToValue(recognition, Map.class))
			.toList();
	}

	private static JsonNode intent(JsonNode intents, String recipe, Map<String, String> parameters) {
		List<JsonNode> matching = intents.valueStream()
			.filter(intent -> intent.path("recipe").asString().equals(recipe)
					&& json.treeToValue(intent.path("parameters"), Map.class).equals(parameters))
			.toList();
		assertThat(matching).as("intent %s %s among %s", recipe, parameters, intents).hasSize(1);
		return matching.get(0);
	}

	private static List<String> texts(JsonNode array) {
		return Arrays
			.asList(array.valueStream().map(node -> node.isNull() ? null : node.asString()).toArray(String[]::new));
	}

	private Answer asTeam(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Authorization", "Bearer " + iam.tokenFor(BACKUP_TEAM))
			.GET()
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response,
					response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

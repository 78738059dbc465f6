package dev.s2s.broker.iam;

import dev.s2s.broker.MovableClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.PolicyDocument.Attribute;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.recipe.RolesNotOffered;
import dev.s2s.broker.standin.Fault;
import dev.s2s.broker.standin.IamStandIn.Operation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Roles resolved against the IAM stand-in's {@code GET /v2/roles} over real HTTP on
 * loopback, on a clock the test moves.
 */
class IamRolesTest extends IamStandInCase {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final Duration TTL = Duration.ofHours(1);

	private static final RecipeCatalog catalog = new RecipeCatalog();

	private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));

	private IamRoles roles;

	@BeforeEach
	void freshAdapter() {
		IamProperties properties = new IamProperties(iam.url(), iam.apiKey(),
				new IamProperties.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5),
						Duration.ofMillis(500), null, null),
				new IamProperties.Retry(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), Duration.ofSeconds(1)),
				TTL, EnterpriseOfStandIn.NO_COMPUTE_RESOURCE, null, EnterpriseOfStandIn.TEMPLATE_PROFILE, 32, true);
		roles = IamConfiguration.roles(RestClient.builder(), properties, JsonMapper.builder().build(), clock,
				new SimpleMeterRegistry());
	}

	@Test
	void resolvesEachRoleToTheCrnIamListsForThePair() {
		iam.offerRole("is", "is", "system", "Operator", "crn:v1:bluemix:public:is::::role:Operator");

		List<CheckedDocument> documents = roles.lookup("tx").resolve(backup());

		assertThat(documents).extracting(CheckedDocument::rolesChecked).containsOnly(true);
		assertThat(documents).extracting(document -> document.document().roles().get(0).roleId())
			.containsExactly("crn:v1:bluemix:public:is::::role:Operator", "crn:v1:bluemix:public:iam::::role:Editor",
					"crn:v1:bluemix:public:iam::::role:Editor", "crn:v1:bluemix:public:is::::role:Operator");
		assertThat(documents.get(0).document().subjects()).isEqualTo(backup().get(0).subjects());
		assertThat(documents.get(0).document().resources()).isEqualTo(backup().get(0).resources());
		assertThat(roleReads()).as("one read for the four documents of one pair").isEqualTo(1);
	}

	@Test
	void reusesAPairsRolesUntilTheTtlHasPassed() {
		roles.lookup("tx-1").resolve(backup());
		clock.advance(TTL.minusSeconds(1));
		roles.lookup("tx-2").resolve(backup());

		assertThat(roleReads()).as("within the TTL").isEqualTo(1);

		clock.advance(Duration.ofSeconds(1));
		iam.withdrawRole("is", "is", "Editor");

		assertThatExceptionOfType(RolesNotOffered.class).as("after the TTL IAM is asked again")
			.isThrownBy(() -> roles.lookup("tx-3").resolve(backup()));
		assertThat(roleReads()).isEqualTo(2);
	}

	@Test
	void namesEachRoleIamDoesNotOfferWithTheRolesItDoes() {
		iam.withdrawRole("is", "is", "Operator");
		String message = "role Operator is not offered by IAM for is → is; valid roles are "
				+ iam.offeredRoles("is", "is").stream().map(OfferedRoles::name).toList();

		assertThatExceptionOfType(RolesNotOffered.class).isThrownBy(() -> roles.lookup("tx").resolve(backup()))
			.satisfies(ex -> assertThat(ex.violations()).extracting(v -> v.field() + ": " + v.message())
				.containsExactly("policies[0].roles[0]: " + message, "policies[3].roles[0]: " + message));
		assertThat(List.of(message.substring(message.indexOf('[') + 1, message.length() - 1).split(", ")))
			.contains("Viewer", "Editor", "Administrator", "Reader", "Writer", "Manager", "DNSBindingConnector")
			.doesNotContain("Operator");
	}

	/**
	 * Every built-in recipe's golden intent, resolved against the stand-in: the stand-in
	 * offers each role the catalog pins, under that very CRN.
	 */
	@ParameterizedTest
	@MethodSource("goldenFiles")
	void theStandInOffersEveryRoleOfEveryBuiltInRecipeUnderItsPinnedCrn(Path file) {
		JsonNode golden = JsonMapper.builder().build().readTree(file.toFile());
		Map<String, String> parameters = new TreeMap<>();
		golden.path("parameters").properties().forEach(p -> parameters.put(p.getKey(), p.getValue().asString()));
		List<PolicyDocument> expanded = catalog.expand(catalog.intent(golden.path("recipe").asString(), parameters));

		List<CheckedDocument> checked = roles.lookup("tx").resolve(expanded);

		assertThat(checked).extracting(CheckedDocument::rolesChecked).containsOnly(true);
		assertThat(checked).extracting(CheckedDocument::document).isEqualTo(expanded);
	}

	static Stream<Path> goldenFiles() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden"))) {
			return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream();
		}
	}

	@Test
	void aPairWithoutRolesInIamIsRefusedSayingSoAndAskedAboutAgainNextTime() {
		List<PolicyDocument> typo = List
			.of(document("event-notification", "is", "crn:v1:bluemix:public:iam::::serviceRole:Reader"));

		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(RolesNotOffered.class).isThrownBy(() -> roles.lookup("tx").resolve(typo))
				.satisfies(ex -> assertThat(ex.violations()).singleElement()
					.satisfies(v -> assertThat(v.message())
						.startsWith("role Reader is not offered by IAM for event-notification → is: "
								+ "IAM lists no roles for that pair")));
		}
		assertThat(roleReads()).as("an empty list is not cached").isEqualTo(2);
	}

	@Test
	void whenIamFailsTheDocumentsKeepTheirPinnedRolesUncheckedAndTheFailureIsNotCached() {
		iam.failNext(Operation.LIST_ROLES, Fault.status(503));

		List<CheckedDocument> documents = roles.lookup("tx-1").resolve(backup());

		assertThat(documents).extracting(CheckedDocument::document).isEqualTo(backup());
		assertThat(documents).extracting(CheckedDocument::rolesChecked).containsOnly(false);
		assertThat(documents).extracting(CheckedDocument::reason).containsOnly("IAM answered 503 (unable_to_process)");
		assertThat(roleReads()).as("one read, never retried").isEqualTo(1);

		assertThat(roles.lookup("tx-2").resolve(backup())).extracting(CheckedDocument::rolesChecked).containsOnly(true);
		assertThat(roleReads()).isEqualTo(2);
	}

	@Test
	void oneLookupAsksNoMoreOnceIamHasFailedIt() {
		iam.failNext(Operation.LIST_ROLES, Fault.latency(Duration.ofSeconds(2)));
		List<PolicyDocument> twoPairs = List.of(document("is", "is", "crn:v1:bluemix:public:iam::::role:Editor"),
				document("is", "cloud-object-storage", "crn:v1:bluemix:public:iam::::serviceRole:Reader"));

		List<CheckedDocument> documents = roles.lookup("tx").resolve(twoPairs);

		assertThat(documents).extracting(CheckedDocument::reason).containsOnly("IAM did not answer within 500 ms");
		assertThat(roleReads()).isEqualTo(1);
	}

	@Test
	void aDocumentWithoutOneSourceAndOneTargetServiceIsLeftUnchecked() {
		PolicyDocument byResourceGroup = new PolicyDocument(PolicyDocument.AUTHORIZATION,
				List.of(new PolicyDocument.Subject(
						List.of(new Attribute("accountId", ACCOUNT), new Attribute("resourceGroupId", "rg")))),
				List.of(new PolicyDocument.Role("crn:v1:bluemix:public:iam::::role:Editor")),
				List.of(new PolicyDocument.Resource(
						List.of(new Attribute("accountId", ACCOUNT), new Attribute("serviceName", "is")))));

		PolicyDocument anyService = new PolicyDocument(PolicyDocument.AUTHORIZATION,
				List.of(new PolicyDocument.Subject(
						List.of(new Attribute("accountId", ACCOUNT), new Attribute("serviceName", "is")))),
				List.of(new PolicyDocument.Role("crn:v1:bluemix:public:iam::::role:Editor")),
				List.of(new PolicyDocument.Resource(List.of(new Attribute("accountId", ACCOUNT),
						new Attribute("serviceName", "*", "stringMatch")))));

		assertThat(roles.lookup("tx").resolve(List.of(byResourceGroup, anyService)))
			.allSatisfy(document -> assertThat(document.rolesChecked()).isFalse())
			.extracting(CheckedDocument::document)
			.containsExactly(byResourceGroup, anyService);
		assertThat(roleReads()).isZero();
	}

	private static List<PolicyDocument> backup() {
		return catalog.expand(catalog.intent("vpc-backup", Map.of("accountId", ACCOUNT)));
	}

	private static PolicyDocument document(String source, String target, String roleId) {
		return new PolicyDocument(PolicyDocument.AUTHORIZATION,
				List.of(new PolicyDocument.Subject(
						List.of(new Attribute("accountId", ACCOUNT), new Attribute("serviceName", source)))),
				List.of(new PolicyDocument.Role(roleId)), List.of(new PolicyDocument.Resource(
						List.of(new Attribute("accountId", ACCOUNT), new Attribute("serviceName", target)))));
	}

	private static long roleReads() {
		return iam.received().stream().filter(r -> r.path().equals("/v2/roles")).count();
	}

}

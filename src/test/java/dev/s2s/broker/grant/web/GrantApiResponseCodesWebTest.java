package dev.s2s.broker.grant.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.s2s.broker.grant.Grant;
import dev.s2s.broker.grant.GrantNotFound;
import dev.s2s.broker.grant.GrantNotRetryable;
import dev.s2s.broker.grant.GrantNotRevocable;
import dev.s2s.broker.grant.GrantService;
import dev.s2s.broker.grant.GrantVerifier;
import dev.s2s.broker.grant.GrantStatus;
import dev.s2s.broker.grant.RequestedGrant;
import dev.s2s.broker.grant.RevokeCautionNotAcknowledged;
import dev.s2s.broker.recipe.FieldViolation;
import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.recipe.RolesNotOffered;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Pins every response code the grants API promises, with the service mocked away.
 * Authentication is left out here (filters off); {@code AuthenticationIT} pins 401s
 * against the real issuer.
 */
@WebMvcTest({ GrantController.class, BackupAuthorizationController.class, DnsSharingAuthorizationController.class })
@AutoConfigureMockMvc(addFilters = false)
@Import({ RecipeCatalog.class, GrantAnswers.class, Shortcuts.class })
class GrantApiResponseCodesWebTest {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final UUID ID = UUID.fromString("6f1c2f3e-2a0b-4c5d-8e9f-0a1b2c3d4e5f");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private GrantService grants;

	@MockitoBean
	private GrantVerifier verifier;

	@BeforeEach
	void anExistingGrant() {
		given(grants.find(ID)).willReturn(grant(GrantStatus.SUCCEEDED));
	}

	@Test
	void answers202WithLocationForANewGrant() {
		given(grants.request(any(), any()))
			.willReturn(requested(GrantStatus.PENDING, RequestedGrant.Disposition.CREATED));
		given(grants.request(any(), any(), any()))
			.willReturn(requested(GrantStatus.PENDING, RequestedGrant.Disposition.CREATED));

		assertThat(post("/v1/backup-authorizations", "{\"accountId\":\"" + ACCOUNT + "\"}")).hasStatus(202)
			.hasHeader("Location", "/v1/grants/" + ID)
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("PENDING");
	}

	@Test
	void answers201WhenTheGrantFinishedWithinThePreferredWait() {
		given(grants.request(any(), any()))
			.willReturn(requested(GrantStatus.PENDING, RequestedGrant.Disposition.CREATED));
		given(grants.request(any(), any(), any()))
			.willReturn(requested(GrantStatus.PENDING, RequestedGrant.Disposition.CREATED));
		given(grants.awaitFinal(eq(ID), any())).willReturn(Optional.of(grant(GrantStatus.SUCCEEDED)));

		assertThat(mvc.post()
			.uri("/v1/grants")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Prefer", "respond-async, wait=5")
			.content("{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"" + ACCOUNT + "\"}}")).hasStatus(201)
			.hasHeader("Preference-Applied", "wait=5");
	}

	@Test
	void passesTheModeAskedForToTheGrant() {
		given(grants.request(eq("vpc-backup"), any(), eq(GrantMode.ADOPT)))
			.willReturn(requested(GrantStatus.PENDING, RequestedGrant.Disposition.CREATED));

		assertThat(post("/v1/grants",
				"{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"" + ACCOUNT + "\"},\"mode\":\"ADOPT\"}"))
			.hasStatus(202);
	}

	@Test
	void answers400NamingTheModeWhenItIsNoMode() {
		var answer = assertThat(post("/v1/grants", "{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\""
				+ ACCOUNT + "\"},\"mode\":\"adopt-only\"}"))
			.hasStatus(400)
			.bodyJson();
		answer.extractingPath("$.errors[0].field").isEqualTo("mode");
		answer.extractingPath("$.errors[0].message").isEqualTo("has the wrong type: must be one of CREATE, ADOPT");
		verifyNoInteractions(grants);
	}

	@Test
	void answers202WhenThePreferredWaitRunsOut() {
		given(grants.request(any(), any()))
			.willReturn(requested(GrantStatus.PENDING, RequestedGrant.Disposition.CREATED));
		given(grants.request(any(), any(), any()))
			.willReturn(requested(GrantStatus.PENDING, RequestedGrant.Disposition.CREATED));
		given(grants.awaitFinal(eq(ID), any())).willReturn(Optional.of(grant(GrantStatus.IN_PROGRESS)));

		assertThat(mvc.post()
			.uri("/v1/backup-authorizations")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Prefer", "wait=1")
			.content("{\"accountId\":\"" + ACCOUNT + "\"}")).hasStatus(202).hasHeader("Preference-Applied", "wait=1");
	}

	@Test
	void answers202AtOnceWithoutPreferenceAppliedWhenTheBrokerDeclinesToWait() {
		given(grants.request(any(), any()))
			.willReturn(requested(GrantStatus.PENDING, RequestedGrant.Disposition.CREATED));
		given(grants.request(any(), any(), any()))
			.willReturn(requested(GrantStatus.PENDING, RequestedGrant.Disposition.CREATED));
		given(grants.awaitFinal(eq(ID), any())).willReturn(Optional.empty());

		assertThat(mvc.post()
			.uri("/v1/backup-authorizations")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Prefer", "wait=30")
			.content("{\"accountId\":\"" + ACCOUNT + "\"}")).hasStatus(202)
			.hasHeader("Location", "/v1/grants/" + ID)
			.doesNotContainHeader("Preference-Applied");
	}

	@Test
	void waitsUntilTheDeadlineCountedFromTheRequestsArrival() {
		given(grants.request(any(), any()))
			.willReturn(requested(GrantStatus.PENDING, RequestedGrant.Disposition.CREATED));
		given(grants.request(any(), any(), any()))
			.willReturn(requested(GrantStatus.PENDING, RequestedGrant.Disposition.CREATED));
		given(grants.awaitFinal(eq(ID), any())).willReturn(Optional.of(grant(GrantStatus.IN_PROGRESS)));
		Instant before = Instant.now();

		assertThat(mvc.post()
			.uri("/v1/backup-authorizations")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Prefer", "wait=30")
			.content("{\"accountId\":\"" + ACCOUNT + "\"}")).hasStatus(202);

		ArgumentCaptor<Instant> deadline = ArgumentCaptor.forClass(Instant.class);
		verify(grants).awaitFinal(eq(ID), deadline.capture());
		assertThat(deadline.getValue()).isBetween(before.plusSeconds(30), Instant.now().plusSeconds(30));
	}

	@Test
	void answers200WithTheExistingGrantForTheSameIntent() {
		given(grants.request(new Intent("vpc-backup", Map.of("accountId", ACCOUNT)), GrantMode.CREATE))
			.willReturn(requested(GrantStatus.SUCCEEDED, RequestedGrant.Disposition.EXISTING));

		assertThat(post("/v1/backup-authorizations", "{\"accountId\":\"" + ACCOUNT + "\"}")).hasStatus(200)
			.hasHeader("Location", "/v1/grants/" + ID);
	}

	@Test
	void answers400NamingEachBadFieldWithoutTouchingTheService() {
		assertThat(post("/v1/dns-sharing-authorizations", "{\"spokeAccountId\":\"nope\",\"hubVpcId\":\"vpc\"}"))
			.hasStatus(400)
			.hasContentType("application/problem+json")
			.bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactlyInAnyOrder("spokeAccountId", "hubAccountId", "hubVpcId");
		verifyNoInteractions(grants);
	}

	@Test
	void answers400NamingARoleIamDoesNotOfferAndTheValidOnes() {
		String message = "role Editor is not offered by IAM for is → is; valid roles are [Viewer, Operator]";
		given(grants.request(any(), any()))
			.willThrow(new RolesNotOffered(List.of(new FieldViolation("policies[1].roles[0]", message))));

		var answer = assertThat(post("/v1/backup-authorizations", "{\"accountId\":\"" + ACCOUNT + "\"}")).hasStatus(400)
			.hasContentType("application/problem+json")
			.bodyJson();
		answer.extractingPath("$.type").isEqualTo("urn:s2s-broker:problem:role-not-offered");
		answer.extractingPath("$.detail").isEqualTo(message);
		answer.extractingPath("$.errors[0].field").isEqualTo("policies[1].roles[0]");
		answer.extractingPath("$.errors[0].message").isEqualTo(message);
	}

	@Test
	void answers400ForAnUnknownBodyPropertyNamingIt() {
		assertThat(post("/v1/backup-authorizations", "{\"accountId\":\"" + ACCOUNT + "\",\"acountId\":\"x\"}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("acountId");
	}

	@Test
	void answers400ForMalformedJson() {
		assertThat(post("/v1/grants", "{\"recipe\":")).hasStatus(400)
			.hasContentType("application/problem+json")
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("body");
	}

	@Test
	void answers400ForAnOutOfRangePreferredWait() {
		assertThat(mvc.post()
			.uri("/v1/backup-authorizations")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Prefer", "wait=61")
			.content("{\"accountId\":\"" + ACCOUNT + "\"}")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("Prefer");
	}

	@Test
	void answers415ForAnotherContentType() {
		assertThat(mvc.post().uri("/v1/grants").contentType(MediaType.TEXT_PLAIN).content("hello")).hasStatus(415)
			.hasContentType("application/problem+json");
	}

	@Test
	void answers404ForAnUnknownGrantAnd400ForAMalformedId() {
		given(grants.find(ID)).willThrow(new GrantNotFound(ID));

		assertThat(mvc.get().uri("/v1/grants/" + ID)).hasStatus(404).hasContentType("application/problem+json");
		assertThat(mvc.get().uri("/v1/grants/../etc/passwd")).hasStatus4xxClientError();
		assertThat(mvc.get().uri("/v1/grants/not-a-uuid")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("id");
	}

	@Test
	void answers409WhenRetryingAGrantThatHasNotFailed() {
		given(grants.retry(ID)).willThrow(new GrantNotRetryable(ID, GrantStatus.SUCCEEDED));

		assertThat(mvc.post().uri("/v1/grants/" + ID + "/retry")).hasStatus(409)
			.hasContentType("application/problem+json");
	}

	@Test
	void answers400ForBadListingFilters() {
		assertThat(mvc.get().uri("/v1/grants?accountId=ABC")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("accountId");
		assertThat(mvc.get().uri("/v1/grants?size=0")).hasStatus(400);
		assertThat(mvc.get().uri("/v1/grants?status=DONE")).hasStatus(400);
		verifyNoInteractions(grants);
	}

	@Test
	void answers202WhileARevokeIsUnderWayAnd200OnceRevoked() {
		given(grants.revoke(ID, false, false))
			.willReturn(requested(GrantStatus.REVOKING, RequestedGrant.Disposition.REDRIVEN));
		given(grants.revoke(ID, true, false))
			.willReturn(requested(GrantStatus.REVOKED, RequestedGrant.Disposition.EXISTING));

		assertThat(mvc.delete().uri("/v1/grants/" + ID)).hasStatus(202).hasHeader("Location", "/v1/grants/" + ID);
		assertThat(mvc.delete().uri("/v1/grants/" + ID + "?includeAdopted=true")).hasStatus(200);
	}

	@Test
	void answers409WhenRevokingAGrantStillBeingSubmitted() {
		given(grants.revoke(ID, false, false)).willThrow(new GrantNotRevocable(ID, GrantStatus.IN_PROGRESS));

		assertThat(mvc.delete().uri("/v1/grants/" + ID)).hasStatus(409).hasContentType("application/problem+json");
	}

	@Test
	void answers409ExplainingTheCautionWhenARevokeDoesNotAcknowledgeItAndRevokesWhenItDoes() {
		given(grants.revoke(ID, false, false)).willThrow(new RevokeCautionNotAcknowledged(ID, "cos-encryption",
				"Buckets encrypted with a root key of this authorization stay registered to the key."));
		given(grants.revoke(ID, false, true))
			.willReturn(requested(GrantStatus.REVOKING, RequestedGrant.Disposition.REDRIVEN));

		assertThat(mvc.delete().uri("/v1/grants/" + ID)).hasStatus(409)
			.bodyJson()
			.satisfies(body -> assertThat(body.getJson()).contains("urn:s2s-broker:problem:revoke-caution",
					"stay registered to the key", "acknowledgeRevokeCaution=true"));
		assertThat(mvc.delete().uri("/v1/grants/" + ID + "?acknowledgeRevokeCaution=true")).hasStatus(202);
	}

	@Test
	void answers404WhenNoLiveGrantMatchesAShortcutRevoke() {
		given(grants.revoke(any(Intent.class), eq(false), eq(false)))
			.willThrow(new GrantNotFound(new Intent("vpc-backup", Map.of("accountId", ACCOUNT))));

		assertThat(mvc.delete().uri("/v1/backup-authorizations/" + ACCOUNT)).hasStatus(404);
		assertThat(mvc.delete().uri("/v1/backup-authorizations/NOPE")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("accountId");
	}

	private MockMvcTester.MockMvcRequestBuilder post(String path, String body) {
		return mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(body);
	}

	private static RequestedGrant requested(GrantStatus status, RequestedGrant.Disposition disposition) {
		return new RequestedGrant(grant(status), disposition);
	}

	private static Grant grant(GrantStatus status) {
		OffsetDateTime now = OffsetDateTime.parse("2026-11-23T10:00:00Z");
		return new Grant(ID, "vpc-backup", Map.of("accountId", ACCOUNT), List.of(ACCOUNT), GrantMode.CREATE, status,
				now, now, null, List.of());
	}

}

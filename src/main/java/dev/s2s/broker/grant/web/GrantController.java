package dev.s2s.broker.grant.web;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import dev.s2s.broker.grant.Grant;
import dev.s2s.broker.grant.GrantPage;
import dev.s2s.broker.grant.GrantQuery;
import dev.s2s.broker.grant.GrantService;
import dev.s2s.broker.grant.GrantStatus;
import dev.s2s.broker.grant.GrantVerification;
import dev.s2s.broker.grant.GrantVerifier;
import dev.s2s.broker.grant.RequestedGrant;
import dev.s2s.broker.grant.RevokeCautionNotAcknowledged;
import dev.s2s.broker.grant.SubmissionAttempt;
import dev.s2s.broker.recipe.IntentRequest;
import dev.s2s.broker.web.Prefer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The grants resource: granting an intent, reading and listing grants and their attempts,
 * and retrying, verifying, repairing and revoking one.
 */
@RestController
@RequestMapping(path = "/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Grants", description = "Intents recorded and submitted to IAM, and what became of them")
class GrantController {

	private final GrantService grants;

	private final GrantVerifier verifier;

	private final GrantAnswers answers;

	GrantController(GrantService grants, GrantVerifier verifier, GrantAnswers answers) {
		this.grants = grants;
		this.verifier = verifier;
		this.answers = answers;
	}

	@PostMapping(path = "/grants", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Grant an intent",
			description = "Records the intent's policy documents, each role resolved to the CRN IAM gives it for the "
					+ "policy's services (GET /v2/roles; when IAM cannot be asked, the catalog's pinned CRN, shown as "
					+ "rolesChecked false), and submits them to IAM in the background. "
					+ "Answers 202 once the grant is committed; 201 if it finished within the `Prefer: wait`; "
					+ "200 with the existing grant when the same intent is already live, whatever its mode (a failed "
					+ "one is re-driven, in the mode asked for). With mode ADOPT the broker never writes to IAM: it "
					+ "only looks for each policy (made elsewhere) and adopts it (EXISTED), or fails it as "
					+ "policy_missing (none for its subject and resource) or policy_roles_missing (one without some "
					+ "of its roles); a retry looks again.")
	@ApiResponse(responseCode = "202", description = "Grant recorded; submission under way")
	@ApiResponse(responseCode = "201", description = "Grant recorded and finished within the preferred wait")
	@ApiResponse(responseCode = "200", description = "The same intent already has a live grant")
	@ApiResponse(responseCode = "400",
			description = "Invalid intent, or a role of its policies that IAM does not offer for their services "
					+ "(role-not-offered: each named as policies[i].roles[j], with the roles IAM does offer)",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<Grant> grant(@RequestBody IntentRequest request, @Parameter(in = ParameterIn.HEADER,
			name = Prefer.HEADER, description = GrantAnswers.PREFER, schema = @Schema(type = "string")) Prefer prefer) {
		return answers.answer(grants.request(request.recipe(), request.parameters(), request.modeOrDefault()), prefer);
	}

	@GetMapping("/grants/{id}")
	@Operation(operationId = "getGrant", summary = "Show a grant and the state of each of its policies")
	Grant grant(@PathVariable UUID id) {
		return grants.find(id);
	}

	@GetMapping("/grants")
	@Operation(operationId = "listGrants", summary = "List grants, newest first")
	GrantPage list(@Parameter(description = "Only grants of this recipe") @RequestParam(required = false) @Pattern(
			regexp = "^[a-z0-9][a-z0-9-]{0,63}$",
			message = "must be a recipe name: lowercase letters, digits and hyphens, at most 64 characters") String recipe,
			@Parameter(description = "Only grants naming this account, as source or target") @RequestParam(
					required = false) @Pattern(regexp = "^[0-9a-f]{32}$",
							message = "must be 32 lowercase hexadecimal characters") String accountId,
			@Parameter(description = "Only grants in this status") @RequestParam(required = false) GrantStatus status,
			@RequestParam(defaultValue = "0") @Min(value = 0, message = "must not be negative") int page,
			@RequestParam(defaultValue = "20") @Min(value = 1, message = "must be at least 1") @Max(
					value = GrantQuery.MAX_SIZE, message = "must be at most " + GrantQuery.MAX_SIZE) int size) {
		return grants.list(new GrantQuery(recipe, accountId, status, page, size));
	}

	@GetMapping("/grants/{id}/attempts")
	@Operation(operationId = "listGrantAttempts",
			summary = "List every exchange with IAM made for a grant, oldest first")
	List<SubmissionAttempt> attempts(@PathVariable UUID id) {
		return grants.attempts(id);
	}

	@PostMapping("/grants/{id}/retry")
	@Operation(
			summary = "Re-drive a FAILED grant (or a REVOKE_FAILED one): its policies that are not done are tried again")
	@ApiResponse(responseCode = "202", description = "Re-submission under way")
	@ApiResponse(responseCode = "200", description = "Re-submitted and finished within the preferred wait")
	@ApiResponse(responseCode = "409", description = "The grant is neither FAILED nor REVOKE_FAILED",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(hidden = true)))
	ResponseEntity<Grant> retry(@PathVariable UUID id, @Parameter(in = ParameterIn.HEADER, name = Prefer.HEADER,
			description = GrantAnswers.PREFER, schema = @Schema(type = "string")) Prefer prefer) {
		return answers.answer(new RequestedGrant(grants.retry(id), RequestedGrant.Disposition.REDRIVEN), prefer);
	}

	@PostMapping("/grants/{id}/verify")
	@Operation(summary = "Verify a grant against IAM",
			description = "Reads each policy back from IAM and reports per policy: IN_SYNC (present for its subject "
					+ "and resource with every role of the document; roles beyond them, such as another grant's, are "
					+ "no drift), MISSING (deleted out of band), ROLES_MISSING (present without some of its roles), "
					+ "CHANGED (edited out of band) or UNKNOWN (IAM unreadable). "
					+ "The grant records the result and becomes DRIFTED when anything differs.")
	@ApiResponse(responseCode = "200", description = "The verification, per policy")
	@ApiResponse(responseCode = "409", description = "The grant is neither SUCCEEDED nor DRIFTED",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(hidden = true)))
	GrantVerification verify(@PathVariable UUID id) {
		return verifier.verify(id);
	}

	@PostMapping("/grants/{id}/repair")
	@Operation(summary = "Re-create the policies a verification found missing",
			description = "Only for a DRIFTED grant: policies MISSING are created again, and the roles of policies "
					+ "ROLES_MISSING added back; changed policies are reported, not overwritten. An ADOPT grant's "
					+ "are only looked for again in IAM, never written: adopted if found, else FAILED.")
	@ApiResponse(responseCode = "202", description = "Re-creation under way")
	@ApiResponse(responseCode = "200", description = "Re-created and finished within the preferred wait")
	@ApiResponse(responseCode = "409", description = "The grant is not DRIFTED",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(hidden = true)))
	ResponseEntity<Grant> repair(@PathVariable UUID id, @Parameter(in = ParameterIn.HEADER, name = Prefer.HEADER,
			description = GrantAnswers.PREFER, schema = @Schema(type = "string")) Prefer prefer) {
		return answers.answer(new RequestedGrant(verifier.repair(id), RequestedGrant.Disposition.REDRIVEN), prefer);
	}

	@DeleteMapping("/grants/{id}")
	@Operation(summary = "Revoke a grant",
			description = "Deletes from IAM the policies the grant created (IAM's 404 counts as already deleted). "
					+ "Policies it only adopted (EXISTED: they were there before the broker) stay unless "
					+ "includeAdopted=true. An ADOPT grant changes nothing in IAM, whatever includeAdopted says: its "
					+ "policies are all RETAINED. The grant stays readable (REVOKING, then REVOKED); asking for the same "
					+ "intent afterwards creates a fresh grant. Revoking again changes nothing (200).")
	@ApiResponse(responseCode = "202", description = "Revoke under way")
	@ApiResponse(responseCode = "200", description = "Revoked (already, or within the preferred wait)")
	@ApiResponse(responseCode = "409",
			description = "The grant's policies are still being submitted, or its recipe has a revoke caution "
					+ "the request did not acknowledge",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(hidden = true)))
	ResponseEntity<Grant> revoke(@PathVariable UUID id,
			@Parameter(description = "Also delete policies the grant only adopted; ignored for an ADOPT grant, which "
					+ "never deletes") @RequestParam(defaultValue = "false") boolean includeAdopted,
			@Parameter(description = "Acknowledge the recipe's revoke caution (GET /v1/recipes, revokeCaution): "
					+ "revoking a grant of such a recipe without it is a 409") @RequestParam(
							name = RevokeCautionNotAcknowledged.PARAMETER,
							defaultValue = "false") boolean acknowledgeRevokeCaution,
			@Parameter(in = ParameterIn.HEADER, name = Prefer.HEADER, description = GrantAnswers.PREFER,
					schema = @Schema(type = "string")) Prefer prefer) {
		return answers.answer(grants.revoke(id, includeAdopted, acknowledgeRevokeCaution), prefer);
	}

}

package dev.s2s.broker.grant.web;

import dev.s2s.broker.grant.Grant;
import dev.s2s.broker.recipe.web.IntentExamples;
import dev.s2s.broker.web.Prefer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The DNS sharing shortcut: binding and unbinding a spoke VPC's DNS to a hub VPC is
 * granting and revoking the intent of recipe vpe-dns-sharing.
 */
@RestController
@RequestMapping(path = "/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Grants", description = "Intents recorded and submitted to IAM, and what became of them")
class DnsSharingAuthorizationController {

	private final Shortcuts shortcuts;

	DnsSharingAuthorizationController(Shortcuts shortcuts) {
		this.shortcuts = shortcuts;
	}

	@PostMapping(path = "/dns-sharing-authorizations", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Bind a spoke VPC's DNS to a hub VPC",
			description = "Shortcut for POST /v1/grants with recipe vpe-dns-sharing; same answers.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							examples = {
									@ExampleObject(name = "spoke-vpc", summary = IntentExamples.VPE_DNS_SHARING_SUMMARY,
											description = IntentExamples.VPE_DNS_SHARING_DESCRIPTION,
											value = IntentExamples.VPE_DNS_SHARING_PARAMETERS),
									@ExampleObject(name = "whole-spoke-account",
											summary = IntentExamples.VPE_DNS_SHARING_EVERY_SPOKE_VPC_SUMMARY,
											description = IntentExamples.VPE_DNS_SHARING_EVERY_SPOKE_VPC_DESCRIPTION,
											value = IntentExamples.VPE_DNS_SHARING_EVERY_SPOKE_VPC_PARAMETERS) })))
	@ApiResponse(responseCode = "202", description = "Grant recorded; submission under way")
	@ApiResponse(responseCode = "201", description = "Grant recorded and finished within the preferred wait")
	@ApiResponse(responseCode = "200", description = "The same intent already has a live grant")
	ResponseEntity<Grant> bindDns(@RequestBody DnsSharingAuthorizationRequest request,
			@Parameter(in = ParameterIn.HEADER, name = Prefer.HEADER, description = GrantAnswers.PREFER,
					schema = @Schema(type = "string")) Prefer prefer) {
		return shortcuts.grant("vpe-dns-sharing", request.parameters(), request.mode(), prefer);
	}

	@DeleteMapping("/dns-sharing-authorizations")
	@Operation(summary = "Unbind a spoke VPC's DNS from a hub VPC",
			description = "Revokes the live vpe-dns-sharing grant of these parameters; same answers as DELETE /v1/grants/{id}.")
	@ApiResponse(responseCode = "202", description = "Revoke under way")
	@ApiResponse(responseCode = "200", description = "Revoked within the preferred wait")
	@ApiResponse(responseCode = "404", description = "No live vpe-dns-sharing grant of these parameters",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(hidden = true)))
	// Required in the document; optional to Spring MVC, so that the recipe's validation
	// names a missing one like any other bad parameter.
	ResponseEntity<Grant> unbindDns(
			@Parameter(description = "The account of the spoke VPC",
					required = true) @RequestParam(required = false) String spokeAccountId,
			@Parameter(
					description = "The spoke VPC; leave out for the grant of every VPC of the spoke account") @RequestParam(
							required = false) String spokeVpcId,
			@Parameter(description = "The account of the hub VPC",
					required = true) @RequestParam(required = false) String hubAccountId,
			@Parameter(description = "The hub VPC", required = true) @RequestParam(required = false) String hubVpcId,
			@Parameter(description = "Also delete policies the grant only adopted") @RequestParam(
					defaultValue = "false") boolean includeAdopted,
			@Parameter(in = ParameterIn.HEADER, name = Prefer.HEADER, description = GrantAnswers.PREFER,
					schema = @Schema(type = "string")) Prefer prefer) {
		return shortcuts.revoke("vpe-dns-sharing",
				new DnsSharingAuthorizationRequest(spokeAccountId, spokeVpcId, hubAccountId, hubVpcId, null)
					.parameters(),
				includeAdopted, prefer);
	}

}

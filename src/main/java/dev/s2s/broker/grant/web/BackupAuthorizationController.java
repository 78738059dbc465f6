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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Backup for VPC shortcut: enabling and disabling backups of an account is granting
 * and revoking the intent of recipe vpc-backup.
 */
@RestController
@RequestMapping(path = "/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Grants", description = "Intents recorded and submitted to IAM, and what became of them")
class BackupAuthorizationController {

	private final Shortcuts shortcuts;

	BackupAuthorizationController(Shortcuts shortcuts) {
		this.shortcuts = shortcuts;
	}

	@PostMapping(path = "/backup-authorizations", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Enable Backup for VPC in an account",
			description = "Shortcut for POST /v1/grants with recipe vpc-backup; same answers.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					mediaType = MediaType.APPLICATION_JSON_VALUE,
					examples = {
							@ExampleObject(name = "account", summary = IntentExamples.VPC_BACKUP_SUMMARY,
									description = IntentExamples.VPC_BACKUP_DESCRIPTION,
									value = IntentExamples.VPC_BACKUP_PARAMETERS),
							@ExampleObject(name = "enterprise", summary = IntentExamples.VPC_BACKUP_ENTERPRISE_SUMMARY,
									description = IntentExamples.VPC_BACKUP_ENTERPRISE_DESCRIPTION,
									value = IntentExamples.VPC_BACKUP_ENTERPRISE_PARAMETERS) })))
	@ApiResponse(responseCode = "202", description = "Grant recorded; submission under way")
	@ApiResponse(responseCode = "201", description = "Grant recorded and finished within the preferred wait")
	@ApiResponse(responseCode = "200", description = "The same intent already has a live grant")
	ResponseEntity<Grant> enableBackup(@RequestBody BackupAuthorizationRequest request,
			@Parameter(in = ParameterIn.HEADER, name = Prefer.HEADER, description = GrantAnswers.PREFER,
					schema = @Schema(type = "string")) Prefer prefer) {
		return shortcuts.grant("vpc-backup", request.parameters(), request.mode(), prefer);
	}

	@DeleteMapping("/backup-authorizations/{accountId}")
	@Operation(summary = "Disable Backup for VPC in an account",
			description = "Revokes the live vpc-backup grant of the account; same answers as DELETE /v1/grants/{id}.")
	@ApiResponse(responseCode = "202", description = "Revoke under way")
	@ApiResponse(responseCode = "200", description = "Revoked within the preferred wait")
	@ApiResponse(responseCode = "404", description = "The account has no live vpc-backup grant",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(hidden = true)))
	ResponseEntity<Grant> disableBackup(@PathVariable String accountId,
			@Parameter(description = "The enterprise account, for the enterprise-managed variant") @RequestParam(
					required = false) String enterpriseAccountId,
			@Parameter(description = "Also delete policies the grant only adopted") @RequestParam(
					defaultValue = "false") boolean includeAdopted,
			@Parameter(in = ParameterIn.HEADER, name = Prefer.HEADER, description = GrantAnswers.PREFER,
					schema = @Schema(type = "string")) Prefer prefer) {
		return shortcuts.revoke("vpc-backup",
				new BackupAuthorizationRequest(accountId, enterpriseAccountId, null).parameters(), includeAdopted,
				prefer);
	}

}

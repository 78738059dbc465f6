package dev.s2s.broker.grant.web;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import dev.s2s.broker.grant.GrantBatch;
import dev.s2s.broker.grant.GrantBatchService;
import dev.s2s.broker.recipe.web.IntentExamples;
import dev.s2s.broker.web.Prefer;
import dev.s2s.broker.web.RequestArrival;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1/grant-batches", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Grant batches", description = "Many intents at once")
class GrantBatchController {

	private static final String PREFER_DESCRIPTION = "RFC 7240 preference `wait=N` (N from 0 to 60): "
			+ "wait up to N seconds from the request's arrival for every grant to finish before answering "
			+ "(`Preference-Applied: wait=N`); while broker.api.max-waiters requests wait already, answered at once "
			+ "without `Preference-Applied`";

	private final GrantBatchService batches;

	GrantBatchController(GrantBatchService batches) {
		this.batches = batches;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "grantBatch", summary = "Grant up to 1000 intents at once",
			description = "Every intent is checked first; if any is invalid, the answer is 400 naming each bad field "
					+ "(intents[i]....) and nothing is recorded; so is a role IAM does not offer for the services of an "
					+ "intent's policy (intents[i].policies[j].roles[k]). Otherwise one grant per intent is recorded (or the "
					+ "live grant of the same intent is found) and submitted in the background, within the broker's "
					+ "IAM concurrency limit. The batch lists each grant's id and an aggregate status.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					mediaType = MediaType.APPLICATION_JSON_VALUE,
					examples = {
							@ExampleObject(name = "two-recipes", summary = "Two recipes",
									description = "Backup for VPC in account 0123456789abcdef0123456789abcdef, and DNS "
											+ "sharing between a spoke VPC of that account and a hub VPC of account "
											+ "fedcba9876543210fedcba9876543210",
									value = "{\"intents\": [" + IntentExamples.VPC_BACKUP + ", "
											+ IntentExamples.VPE_DNS_SHARING + "]}"),
							@ExampleObject(name = "onboarding", summary = "Backup for VPC in three accounts",
									description = "Onboarding: the same intent for each of many accounts",
									value = """
											{"intents": [
											  {"recipe": "vpc-backup", "parameters": {"accountId": "0123456789abcdef0123456789abcdef"}},
											  {"recipe": "vpc-backup", "parameters": {"accountId": "fedcba9876543210fedcba9876543210"}},
											  {"recipe": "vpc-backup", "parameters": {"accountId": "5e2a9c4b7d1f4e8a9b3c6d0e1f2a3b4c"}}]}""") })))
	@ApiResponse(responseCode = "202", description = "Batch recorded; submissions under way")
	@ApiResponse(responseCode = "200", description = "Every grant of the batch finished within the preferred wait")
	ResponseEntity<GrantBatch> grant(@RequestBody GrantBatchRequest request, @Parameter(in = ParameterIn.HEADER,
			name = Prefer.HEADER, description = PREFER_DESCRIPTION, schema = @Schema(type = "string")) Prefer prefer) {
		GrantBatch recorded = batches.request(request.intents());
		Optional<GrantBatch> waited = prefer.patience()
			.flatMap(patience -> batches.awaitFinal(recorded, RequestArrival.current().plus(patience)));
		GrantBatch batch = waited.orElse(recorded);
		boolean finished = batch.grants().stream().allMatch(item -> item.status().isFinal());
		HttpHeaders headers = new HttpHeaders();
		headers.setLocation(URI.create("/v1/grant-batches/" + batch.id()));
		if (waited.isPresent()) {
			headers.set("Preference-Applied", prefer.applied());
		}
		return ResponseEntity.status(finished ? HttpStatus.OK : HttpStatus.ACCEPTED).headers(headers).body(batch);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getGrantBatch", summary = "Show a batch: each grant's id and status, and the aggregate")
	GrantBatch batch(@PathVariable UUID id) {
		return batches.find(id);
	}

}

package dev.s2s.broker.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;

import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/**
	 * The server is relative, so the document is the same wherever the broker runs (see
	 * openapi.yaml).
	 */
	@Bean
	OpenAPI brokerApi() {
		return new OpenAPI()
			.info(new Info().title("s2s-broker")
				.version("v1")
				.description("""
						Provisions IBM Cloud IAM service-to-service authorizations from high-level intents. \
						An intent (e.g. "enable Backup for VPC in account X") expands by a recipe into IAM \
						authorization policy documents, which the broker records, submits to the IAM Policy \
						Management API with retries, and reports on.""")
				.license(new License().name("Apache-2.0").identifier("Apache-2.0")))
			.servers(List.of(new Server().url("/").description("This broker")))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.bearerFormat("JWT")
						.description("An IAM access token (JWT) of the caller, e.g. of a service ID")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

	/**
	 * Documents the RFC 9457 problems every operation may answer, built in
	 * {@code ProblemDetails}, and those of the filters in front of every operation
	 * (authentication, access rules, body limits, Idempotency-Key). An operation's own
	 * description of a status is kept, and a problem it declares without a schema gets
	 * the Problem schema. {@code BrokerIT} fails on an answer not documented. Each
	 * problem response shows examples of what the broker answers: the features' own
	 * ({@link ProblemExamples}), then the shared ones ({@link SharedProblemExamples}).
	 */
	@Bean
	OpenApiCustomizer problemResponses(ObjectProvider<ProblemExamples> featureExamples) {
		return api -> {
			List<ProblemExamples> features = featureExamples.orderedStream().toList();
			Map<?, ?> invalid = (Map<?, ?>) SharedProblemExamples.of(HttpMethod.POST, "/v1/grants", "400", features)
				.get("invalid-request")
				.getValue();
			api.getComponents()
				.addSchemas("FieldProblem",
						new JsonSchema().types(Set.of("object"))
							.description("A request field at fault")
							.example(((List<?>) invalid.get("errors")).get(0))
							.addProperty("field", new StringSchema().description("The request field at fault"))
							.addProperty("message", new StringSchema().description("What is wrong with it"))
							.required(List.of("field", "message")))
				.addSchemas("Problem", new JsonSchema().types(Set.of("object"))
					.description("An RFC 9457 problem")
					.example(invalid)
					.addProperty("type", new StringSchema().format("uri")
						.description("urn:s2s-broker:problem:<kind> for the broker's own kinds; about:blank for "
								+ "Spring MVC's, whose status says it all"))
					.addProperty("title", new StringSchema())
					.addProperty("status", new IntegerSchema())
					.addProperty("detail", new StringSchema())
					.addProperty("instance",
							new StringSchema().format("uri-reference")
								.description("The request path the problem is about"))
					.addProperty("errors",
							new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldProblem"))
								.description("For invalid requests: each bad field, the first " + Problems.MAX_ERRORS))
					.addProperty("moreErrors",
							new IntegerSchema()
								.description("How many more fields are at fault than errors lists; absent when none"))
					.required(List.of("type", "title", "status")));
			api.getPaths().values().stream().map(item -> item.getPost()).filter(post -> post != null).forEach(post -> {
				post.addParametersItem(new HeaderParameter().name("Idempotency-Key")
					.required(false)
					.description("IETF draft-ietf-httpapi-idempotency-key-header: repeating the request with the same "
							+ "key replays the first answer (header Idempotent-Replayed: true) without new work; "
							+ "the same key with another request is 422; while the first is still processed, 409. "
							+ "Keys are kept 24 hours.")
					.schema(new StringSchema().minLength(1).maxLength(255)));
				problem(post, "409", "The first request with this Idempotency-Key is still being processed");
				problem(post, "422", "This Idempotency-Key was used for a different request");
				problem(post, "408", "The request body did not arrive within broker.api.body-read-timeout");
				problem(post, "413", "The request body is larger than broker.api.max-body-bytes");
				if (post.getRequestBody() != null) {
					problem(post, "415", "The request body is not application/json");
				}
			});
			api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
				operation.getResponses()
					.values()
					.stream()
					.filter(response -> response.getContent() != null
							&& response.getContent().containsKey(Problems.MEDIA_TYPE))
					.forEach(response -> response.setContent(problemContent()));
				problem(operation, "400", "Invalid request: `errors` names each bad field");
				if (path.contains("{")) {
					problem(operation, "404", "No such resource");
				}
				problem(operation, "401", "No valid bearer token");
				problem(operation, "403",
						"No access rule allows the caller this operation (on this recipe and these accounts); "
								+ "recorded in the audit trail");
				problem(operation, "500", "Unexpected failure; details only in the broker's log");
				problem(operation, "503", "The bearer token cannot be verified now (the issuer's signing keys are "
						+ "unreachable); repeat the request after Retry-After");
			}));
			api.getPaths()
				.forEach((path, item) -> item.readOperationsMap()
					.forEach((method, operation) -> operation.getResponses().forEach((status, response) -> {
						MediaType problem = response.getContent().get(Problems.MEDIA_TYPE);
						if (problem != null) {
							problem.setExamples(SharedProblemExamples.of(method, path, status, features));
						}
					})));
		};
	}

	private static void problem(Operation operation, String status, String description) {
		ApiResponses responses = operation.getResponses();
		ApiResponse response = responses.get(status);
		if (response == null) {
			response = new ApiResponse().description(description);
			responses.addApiResponse(status, response);
		}
		response.setContent(problemContent());
	}

	private static Content problemContent() {
		return new Content().addMediaType(Problems.MEDIA_TYPE,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
	}

}

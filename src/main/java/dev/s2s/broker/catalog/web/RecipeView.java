package dev.s2s.broker.catalog.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.recipe.Recipe;
import dev.s2s.broker.recipe.RecipeParameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A recipe as the catalog shows it. Its examples are the built-in recipe vpc-backup as
 * GET /v1/recipes/vpc-backup shows it ({@code RecipeViewTest} holds them to the catalog).
 */
@Schema(name = "Recipe", description = "A kind of intent the broker understands")
record RecipeView(@Schema(example = "vpc-backup") String name,
		@Schema(example = "Enable Backup for VPC in an account") String title, @Schema(example = """
				Lets the Backup for VPC service (resource type backup-policy) operate volumes and instances and edit \
				snapshots and snapshot consistency groups in account accountId, as IBM documents in "Establishing \
				service-to-service authorizations for Backup for VPC". With enterpriseAccountId, the enterprise \
				account's backup service is the source (IBM's enterprise-managed variant) and it may also edit backup \
				policies in accountId.""") String description,
		@Schema(description = "The IBM Cloud documentation page the recipe follows; absent when its file names none",
				example = "https://cloud.ibm.com/docs/vpc?topic=vpc-backup-s2s-auth") @Nullable String docs,
		@Schema(description = "The IAM services the recipe's policies authorize (their subjects): each by its IAM "
				+ "name, every value of a parameter that chooses among services, or ${parameter} where the caller "
				+ "names any service", example = "[\"is\"]") List<String> sourceServices,
		@Schema(description = "The IAM services the recipe's policies authorize access to (their resources), "
				+ "likewise", example = "[\"is\"]") List<String> targetServices,
		@Schema(example = """
				[{"name": "accountId", "required": true,
				  "description": "The account whose volumes and instances are backed up", "format": "account-id",
				  "pattern": "^[0-9a-f]{32}$",
				  "formatDescription": "IBM Cloud account id, 32 lowercase hexadecimal characters",
				  "example": "0123456789abcdef0123456789abcdef"},
				 {"name": "enterpriseAccountId", "required": false,
				  "description": "For enterprise-managed backup policies, the enterprise account that runs the backups",
				  "format": "account-id", "pattern": "^[0-9a-f]{32}$",
				  "formatDescription": "IBM Cloud account id, 32 lowercase hexadecimal characters",
				  "example": "fedcba9876543210fedcba9876543210"}]""") List<ParameterView> parameters,
		@Schema(description = "The parameters as a JSON Schema (draft 2020-12) object, for a portal to render a form "
				+ "from: each a string with its pattern, description and an example; it accepts exactly the parameters "
				+ "the broker accepts",
				example = """
						{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
						 "properties": {
						  "accountId": {"type": "string", "pattern": "^[0-9a-f]{32}$",
						   "description": "The account whose volumes and instances are backed up (account-id: IBM Cloud \
						account id, 32 lowercase hexadecimal characters)",
						   "examples": ["0123456789abcdef0123456789abcdef"]},
						  "enterpriseAccountId": {"type": "string", "pattern": "^[0-9a-f]{32}$",
						   "description": "For enterprise-managed backup policies, the enterprise account that runs the \
						backups (account-id: IBM Cloud account id, 32 lowercase hexadecimal characters)",
						   "examples": ["fedcba9876543210fedcba9876543210"]}},
						 "required": ["accountId"], "additionalProperties": false}""") Map<String, Object> parametersSchema,
		@Schema(description = "Whether the recipe ships with the broker; false for one of the operator's files "
				+ "(broker.recipes.locations)", example = "true") boolean builtIn,
		@Schema(description = "Why the recipe grants roles that let the source administer its target "
				+ "(Administrator, Authorization Delegator outside key management services, any role but Viewer or "
				+ "Reader on an IAM service), as its file says (broadScope.reason); absent for a recipe that grants none",
				example = "The platform team's automation administers the team's buckets") @Nullable String broadScope,
		@Schema(description = "Why revoking a grant of the recipe can break what depends on it (revokeCaution.reason): "
				+ "a revoke then needs acknowledgeRevokeCaution=true, else 409; absent for a recipe without",
				example = "Buckets encrypted with a root key of this authorization stay registered to it; delete them "
						+ "first.") @Nullable String revokeCaution) {

	static RecipeView of(Recipe recipe) {
		return new RecipeView(recipe.name(), recipe.title(), recipe.description(), recipe.docs(),
				recipe.sourceServices(), recipe.targetServices(),
				recipe.parameters().stream().map(ParameterView::of).toList(), parametersSchema(recipe),
				recipe.builtIn(), recipe.broadScopeReason(), recipe.revokeCaution());
	}

	/**
	 * A JSON Schema of an intent's {@code parameters}: the broker refuses a value
	 * missing, not a string, off its format's pattern, or not a parameter at all.
	 */
	static Map<String, Object> parametersSchema(Recipe recipe) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (RecipeParameter parameter : recipe.parameters()) {
			Map<String, Object> property = new LinkedHashMap<>();
			property.put("type", "string");
			property.put("pattern", parameter.format().wholeValuePattern());
			property.put("description", parameter.description() + " (" + parameter.format().name() + ": "
					+ parameter.format().description() + ")");
			if (parameter.example() != null) {
				property.put("examples", List.of(parameter.example()));
			}
			properties.put(parameter.name(), property);
		}
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
		schema.put("type", "object");
		schema.put("properties", properties);
		schema.put("required",
				recipe.parameters().stream().filter(RecipeParameter::required).map(RecipeParameter::name).toList());
		schema.put("additionalProperties", false);
		return schema;
	}

	@Schema(name = "RecipeParameter", description = "A parameter of a recipe and the format its value must have")
	record ParameterView(@Schema(example = "accountId") String name, @Schema(example = "true") boolean required,
			@Schema(example = "The account whose volumes and instances are backed up") String description,
			@Schema(description = "Name of the format, e.g. account-id", example = "account-id") String format,
			@Schema(description = "Regular expression a value must match", example = "^[0-9a-f]{32}$") String pattern,
			@Schema(description = "What the format means",
					example = "IBM Cloud account id, 32 lowercase hexadecimal characters") String formatDescription,
			@Schema(description = "A value of this parameter: the catalog's own for it, or else its format's",
					example = "0123456789abcdef0123456789abcdef") String example) {

		static ParameterView of(RecipeParameter parameter) {
			return new ParameterView(parameter.name(), parameter.required(), parameter.description(),
					parameter.format().name(), parameter.format().pattern(), parameter.format().description(),
					parameter.example());
		}

	}

}

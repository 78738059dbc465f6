package dev.s2s.broker.recipe.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.s2s.broker.recipe.Recipe;
import dev.s2s.broker.recipe.RecipeCatalog;
import dev.s2s.broker.recipe.RecipeParameter;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import org.springdoc.core.customizers.OpenApiCustomizer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The examples of every request body that is one intent (POST /v1/grants, /v1/plans), so
 * that Swagger UI offers every recipe ready to send: first the shapes of
 * {@link IntentExamples} (vpc-backup and vpe-dns-sharing, with and without their
 * options), then, for every other recipe of the catalog, an intent of its required
 * parameters at the catalog's examples of them, named after the recipe and summarized by
 * its title. The catalog is the one the broker serves, an operator's recipes included.
 * The document sorts examples by name, so the shapes' names begin with their rank:
 * Swagger UI shows the first, a vpc-backup intent, until another is picked.
 */
@Configuration(proxyBeanMethods = false)
class IntentRequestExamples {

	private static final String INTENT = "#/components/schemas/IntentRequest";

	private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

	/** The recipes the shapes show. */
	private static final Set<String> SHAPED = Set.of("vpc-backup", "vpe-dns-sharing");

	@Bean
	OpenApiCustomizer intentExamples(RecipeCatalog catalog, JsonMapper json) {
		return api -> {
			Map<String, Example> examples = examples(catalog, json);
			api.getPaths()
				.values()
				.forEach(item -> item.readOperations()
					.stream()
					.map(operation -> operation.getRequestBody())
					.filter(IntentRequestExamples::takesOneIntent)
					.forEach(body -> body.getContent().get(JSON).setExamples(new LinkedHashMap<>(examples))));
		};
	}

	private static boolean takesOneIntent(RequestBody body) {
		if (body == null || body.getContent() == null) {
			return false;
		}
		MediaType media = body.getContent().get(JSON);
		return media != null && media.getSchema() != null && INTENT.equals(media.getSchema().get$ref());
	}

	private static Map<String, Example> examples(RecipeCatalog catalog, JsonMapper json) {
		Map<String, Example> examples = new LinkedHashMap<>();
		examples.put("1-vpc-backup", example(IntentExamples.VPC_BACKUP_SUMMARY, IntentExamples.VPC_BACKUP_DESCRIPTION,
				IntentExamples.VPC_BACKUP));
		examples.put("2-vpc-backup-enterprise", example(IntentExamples.VPC_BACKUP_ENTERPRISE_SUMMARY,
				IntentExamples.VPC_BACKUP_ENTERPRISE_DESCRIPTION, IntentExamples.VPC_BACKUP_ENTERPRISE));
		examples.put("3-vpe-dns-sharing", example(IntentExamples.VPE_DNS_SHARING_SUMMARY,
				IntentExamples.VPE_DNS_SHARING_DESCRIPTION, IntentExamples.VPE_DNS_SHARING));
		examples.put("4-vpe-dns-sharing-every-spoke-vpc",
				example(IntentExamples.VPE_DNS_SHARING_EVERY_SPOKE_VPC_SUMMARY,
						IntentExamples.VPE_DNS_SHARING_EVERY_SPOKE_VPC_DESCRIPTION,
						IntentExamples.VPE_DNS_SHARING_EVERY_SPOKE_VPC));
		for (Recipe recipe : catalog.recipes()) {
			if (SHAPED.contains(recipe.name())) {
				continue;
			}
			Map<String, Object> parameters = new LinkedHashMap<>();
			for (RecipeParameter parameter : recipe.parameters()) {
				if (parameter.required()) {
					parameters.put(parameter.name(), parameter.example());
				}
			}
			Map<String, Object> intent = new LinkedHashMap<>();
			intent.put("recipe", recipe.name());
			intent.put("parameters", parameters);
			examples.put(recipe.name(),
					example(recipe.title(),
							"Its required parameters, at the catalog's examples; GET /v1/recipes/" + recipe.name()
									+ " lists the optional ones"
									+ (recipe.docs() == null ? "" : ". IBM's page: " + recipe.docs()),
							json.writeValueAsString(intent)));
		}
		return examples;
	}

	/**
	 * An example whose value is the intent as the document's own JSON tree, which keeps
	 * {@code recipe} before {@code parameters}: the document sorts the keys of maps, not
	 * of trees.
	 */
	private static Example example(String summary, String description, String intent) {
		try {
			return new Example().summary(summary)
				.description(description)
				.value(Json31.mapper().readTree(intent.getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package dev.s2s.broker.recipe.web;

import java.util.List;
import java.util.Map;

import dev.s2s.broker.recipe.PolicyDocument;
import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "The IAM authorization policy documents an intent would submit, in order")
record Plan(String recipe, Map<String, String> parameters, List<PolicyDocument> policies) {
}

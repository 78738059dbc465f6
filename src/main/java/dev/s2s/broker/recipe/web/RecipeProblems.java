package dev.s2s.broker.recipe.web;

import dev.s2s.broker.recipe.InvalidIntent;
import dev.s2s.broker.recipe.RecipeNotFound;
import dev.s2s.broker.recipe.RolesNotOffered;
import dev.s2s.broker.refusal.FieldAtFault;
import dev.s2s.broker.web.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The catalog's refusals as problems, wherever an intent is checked (grants, batches,
 * plans). The catalog itself is pure code that depends on nothing else of ours, not even
 * {@code refusal}, so its exceptions are mapped here; {@link RecipeProblemExamples} shows
 * them in the OpenAPI document.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RecipeProblems {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidIntent(InvalidIntent ex) {
		return ResponseEntity.badRequest()
			.body(Problems.invalid("The intent does not fit the recipe catalog",
					ex.violations().stream().map(v -> new FieldAtFault(v.field(), v.message())).toList()));
	}

	/**
	 * One role IAM does not offer: the detail is its message ("role X is not offered by
	 * IAM for source → target; valid roles are […]"); more: each in {@code errors}.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> rolesNotOffered(RolesNotOffered ex) {
		String detail = ex.violations().size() == 1 ? ex.violations().get(0).message()
				: ex.violations().size() + " roles the recipe names are not offered by IAM for their services";
		return ResponseEntity.badRequest()
			.body(Problems.of(HttpStatus.BAD_REQUEST, "Role not offered by IAM", detail, "role-not-offered",
					ex.violations().stream().map(v -> new FieldAtFault(v.field(), v.message())).toList()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> recipeNotFound(RecipeNotFound ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Problems.of(HttpStatus.NOT_FOUND, "Recipe not found", ex.getMessage(), "recipe-not-found"));
	}

}

package dev.s2s.broker.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.examples.Example;
import org.jspecify.annotations.Nullable;

/**
 * One problem as the broker answers it, for the examples of the OpenAPI document: type,
 * title, status, detail, instance and errors in the order {@link Problems} writes them,
 * with the ids the document's other examples use.
 */
public final class ProblemExample {

	/** The id of the document's example grant (and batch). */
	public static final String GRANT = "6b933697-c7a5-4fb4-b053-6163dba2c484";

	/** The id of the document's example account. */
	public static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	/** The {@code iam_id} of the document's example caller. */
	public static final String CALLER = "iam-ServiceId-5c3a9e2f-8b1d-4f6a-9e7c-2d4b6a8c0e13";

	private final @Nullable String kind;

	private final String title;

	private final int status;

	private final String detail;

	private @Nullable String instance;

	private final List<Map<String, Object>> errors = new ArrayList<>();

	private ProblemExample(@Nullable String kind, String title, int status, String detail) {
		this.kind = kind;
		this.title = title;
		this.status = status;
		this.detail = detail;
	}

	/** A problem of the broker's own kinds, as {@link Problems#of} builds it. */
	public static ProblemExample of(String kind, String title, int status, String detail) {
		return new ProblemExample(kind, title, status, detail);
	}

	/** A problem of Spring MVC's own, whose type is {@code about:blank}. */
	static ProblemExample blank(String title, int status, String detail) {
		return new ProblemExample(null, title, status, detail);
	}

	/** A 400 naming the fields at fault ({@link #field}). */
	public static ProblemExample invalidRequest(String detail) {
		return of("invalid-request", "Invalid request", 400, detail);
	}

	/** A query parameter not in its format, as Spring MVC's validation refuses it. */
	public static Example invalidQueryParameter(String instance, String field, String message) {
		return invalidRequest("The request is not valid").at(instance)
			.field(field, message)
			.summarized("A query parameter not in its format");
	}

	/**
	 * What the access rules answer a caller no rule allows {@code refused}, in the audit
	 * trail's words (e.g. {@code grant with recipe vpc-backup on accounts [...]}).
	 */
	public static Example forbidden(String refused, String instance) {
		return of("forbidden", "Forbidden", 403, "Caller " + CALLER + " may not " + refused).at(instance)
			.summarized("No access rule allows the caller this");
	}

	/**
	 * The request path of an operation on the document's example grant, account and
	 * recipe.
	 */
	public static String instanceOf(String path) {
		return path.replace("{id}", GRANT).replace("{accountId}", ACCOUNT).replace("{name}", "vpc-backup");
	}

	/** The request path the problem is about. */
	public ProblemExample at(String instance) {
		this.instance = instance;
		return this;
	}

	/** A field at fault, in {@code errors}. */
	public ProblemExample field(String field, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("message", message);
		errors.add(error);
		return this;
	}

	/** The one field at fault, whose message is the detail (as the filters write it). */
	public ProblemExample field(String field) {
		return field(field, detail);
	}

	/** The example, with its summary in Swagger UI's drop-down. */
	public Example summarized(String summary) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", kind == null ? Problems.BLANK.toString() : "urn:s2s-broker:problem:" + kind);
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		if (instance != null) {
			problem.put("instance", instance);
		}
		if (!errors.isEmpty()) {
			problem.put("errors", List.copyOf(errors));
		}
		return new Example().summary(summary).value(problem);
	}

}

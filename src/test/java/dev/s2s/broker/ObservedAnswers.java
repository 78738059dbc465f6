package dev.s2s.broker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import static dev.s2s.broker.ApiDocument.map;

/**
 * Every answer the brokers under test give to an operation of {@code openapi.yaml}, held
 * to the document as a client generated from it would hold it. Two checks: whether the
 * document lists the answer's status at all (one Swagger UI would show as "Undocumented",
 * issue 12), and whether the answer's body is of a media type the document lists for that
 * status and validates against its schema ({@link ApiContract}, issue 22), the problems
 * of the container's error page included. The brokers of {@link BrokerIT}, its cached
 * context and those {@link BrokerIT#startBroker} starts, record with {@link Recording};
 * after each of its test classes, {@link BrokerIT} fails on what was recorded since the
 * last one. Requests to no operation of the document (a path or method it does not have)
 * are not recorded.
 */
public final class ObservedAnswers {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Set<Answer> observed = ConcurrentHashMap.newKeySet();

	private static final Set<String> violations = ConcurrentHashMap.newKeySet();

	private static volatile List<Operation> operations;

	private ObservedAnswers() {
	}

	/**
	 * The answers observed since the last call that {@code openapi.yaml} does not list,
	 * sorted; forgets all observed answers.
	 */
	public static List<String> undocumented() {
		Set<String> undocumented = new TreeSet<>();
		for (Answer answer : List.copyOf(observed)) {
			observed.remove(answer);
			if (!answer.operation().responses().containsKey(String.valueOf(answer.status()))) {
				undocumented.add(answer.operation().method() + " " + answer.operation().template() + " answered "
						+ answer.status() + ", documented " + answer.operation().responses().keySet());
			}
		}
		return new ArrayList<>(undocumented);
	}

	/**
	 * How the bodies observed since the last call break {@code openapi.yaml}, one line
	 * each, as operation, status and media type, then where in the body (a JSON pointer),
	 * the validator's message and the schema keyword broken; distinct and sorted. Forgets
	 * them.
	 */
	public static List<String> violations() {
		List<String> found = List.copyOf(new TreeSet<>(violations));
		violations.removeAll(found);
		return found;
	}

	/**
	 * Records an answer. {@code bodyFollows}: the body is not this dispatch's to write
	 * but the container's error page's, recorded in its own dispatch.
	 */
	static void record(String method, String path, int status, String contentType, byte[] body, boolean bodyFollows) {
		operation(method, path).ifPresent(operation -> {
			observed.add(new Answer(operation, status));
			if (!bodyFollows) {
				violations.addAll(violations(operation, status, contentType, body));
			}
		});
	}

	private static List<String> violations(Operation operation, int status, String contentType, byte[] body) {
		Set<String> documented = operation.responses().get(String.valueOf(status));
		if (documented == null) {
			return List.of();
		}
		MediaType type = contentType == null ? null : MediaType.parseMediaType(contentType);
		String answered = type == null ? "no media type" : type.getType() + "/" + type.getSubtype();
		String answer = operation.id() + " (" + operation.method() + " " + operation.template() + ") answered "
				+ status;
		if (body.length == 0) {
			return documented.isEmpty() ? List.of() : List.of(answer + " without a body, documented " + documented);
		}
		if (!documented.contains(answered)) {
			return List.of(answer + " " + answered + ", documented " + (documented.isEmpty() ? "no body" : documented));
		}
		JsonNode value;
		try {
			value = json.readTree(body);
		}
		catch (JacksonException ex) {
			return List.of(answer + " " + answered + " that is not JSON: " + ex.getOriginalMessage());
		}
		String schema = ApiContract.pointer("paths", operation.template(), operation.method().toLowerCase(),
				"responses", String.valueOf(status), "content", answered, "schema");
		return ApiContract.violations(schema, value)
			.stream()
			.map(violation -> answer + " " + answered + ": " + violation)
			.toList();
	}

	/**
	 * The document's operation a request is for: of its templates that match, the most
	 * literal.
	 */
	private static Optional<Operation> operation(String method, String path) {
		return operations().stream()
			.filter(operation -> operation.method().equalsIgnoreCase(method)
					&& operation.path().matcher(path).matches())
			.min(Comparator.comparingInt(operation -> operation.template().split("\\{", -1).length));
	}

	private static List<Operation> operations() {
		if (operations == null) {
			operations = read();
		}
		return operations;
	}

	private static List<Operation> read() {
		List<Operation> read = new ArrayList<>();
		map(ApiDocument.read().get("paths")).forEach((template, item) -> map(item).forEach((method, declared) -> {
			Map<String, Set<String>> responses = new LinkedHashMap<>();
			map(map(declared).get("responses"))
				.forEach((status, response) -> responses.put(status, map(map(response).get("content")).keySet()));
			read.add(new Operation(String.valueOf(map(declared).get("operationId")), method.toUpperCase(), template,
					Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+")), responses));
		}));
		return read;
	}

	/** An operation of the document, with the media types of each status it lists. */
	private record Operation(String id, String method, String template, Pattern path,
			Map<String, Set<String>> responses) {
	}

	private record Answer(Operation operation, int status) {
	}

	/**
	 * Records every answer of the broker it is added to; not a {@code @Configuration}, so
	 * that the broker's component scan, which reaches the test classes, does not add it
	 * everywhere.
	 */
	public static class Recording {

		@Bean
		FilterRegistrationBean<OncePerRequestFilter> answerRecorder() {
			FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
					new OncePerRequestFilter() {

						/**
						 * A request answered by the container's error page (a status a
						 * filter sent, or an exception) has its body written there, in a
						 * dispatch of its own, for the request's URI.
						 */
						@Override
						protected boolean shouldNotFilterErrorDispatch() {
							return false;
						}

						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) throws ServletException, IOException {
							CopiedResponse copied = new CopiedResponse(response);
							// An exception leaves the status and body to the error page.
							chain.doFilter(request, copied);
							String path = request.getDispatcherType() == DispatcherType.ERROR
									? String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))
									: request.getRequestURI();
							record(request.getMethod(), path, copied.getStatus(), copied.getContentType(),
									copied.body(), copied.errorSent());
						}
					});
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

}

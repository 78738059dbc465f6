package dev.s2s.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every answer the brokers under test give to an operation of {@code openapi.yaml}, as
 * (method, path template, status), and which of them the document does not list: an
 * answer Swagger UI would show as "Undocumented" (issue 12). The brokers of
 * {@link BrokerIT}, its cached context and those {@link BrokerIT#startBroker} starts,
 * record with {@link Recording}; after each of its test classes, {@link BrokerIT} fails
 * on an undocumented answer recorded since the last one. Requests to no operation of the
 * document (a path or method it does not have) are not recorded.
 */
public final class ObservedAnswers {

	private static final Path DOCUMENT = Path.of("openapi.yaml");

	private static final Set<Answer> observed = ConcurrentHashMap.newKeySet();

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
			if (!answer.operation().statuses().contains(String.valueOf(answer.status()))) {
				undocumented.add(answer.operation().method() + " " + answer.operation().template() + " answered "
						+ answer.status() + ", documented " + answer.operation().statuses());
			}
		}
		return new ArrayList<>(undocumented);
	}

	static void record(String method, String path, int status) {
		operation(method, path).ifPresent(operation -> observed.add(new Answer(operation, status)));
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

	@SuppressWarnings("unchecked")
	private static List<Operation> read() {
		Map<String, Object> document;
		try {
			document = new Yaml().load(Files.readString(DOCUMENT));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<Operation> read = new ArrayList<>();
		((Map<String, Map<String, Object>>) document.get("paths")).forEach((template,
				item) -> item.forEach((method, operation) -> read.add(new Operation(method.toUpperCase(), template,
						Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+")),
						Set.copyOf(((Map<String, Object>) ((Map<String, Object>) operation).get("responses")).keySet()
							.stream()
							.map(String::valueOf)
							.toList())))));
		return read;
	}

	private record Operation(String method, String template, Pattern path, Set<String> statuses) {
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
						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) throws ServletException, IOException {
							try {
								chain.doFilter(request, response);
							}
							finally {
								record(request.getMethod(), request.getRequestURI(), response.getStatus());
							}
						}
					});
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

}

package dev.s2s.broker.standin;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HashSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * A local IBM Cloud IAM for tests and the no-setup run: the API-key token endpoint
 * ({@code POST /identity/token}), the v1 Policy Management API (create, list, get,
 * delete) and its role listing ({@code GET /v2/roles}) with IAM's wire format, as IBM's
 * OpenAPI specs describe them: {@code ErrorResponse} bodies with {@code trace},
 * {@code errors[]} and {@code status_code}; 409 {@code policy_conflict_error} with
 * {@code details.conflicts_with} on duplicates; strict validation of policy bodies; 401
 * {@code invalid_token} for unknown or expired tokens. Faults can be scripted per
 * operation.
 *
 * <p>
 * A policy's {@code description} (the spec's {@code PolicyBase}: a string of 1 to 300
 * characters) is kept and returned like IAM does, and, like IAM, plays no part in
 * deciding that two policies conflict: IAM's 409 reads "a policy already exists for the
 * given subject and resource", and its console message names "identical attributes and
 * roles".
 *
 * <p>
 * The roles it offers for authorizations from one service to another are read from every
 * {@value #ROLES} file on the classpath (test resources): a JSON array of
 * {@code {"source", "target", "roles": [{"display_name", "crn", "kind"}]}}, {@code kind}
 * being {@code system} (platform roles) or {@code service}; entries of the same pair
 * merge. Like IAM, it answers a pair it knows nothing of with three empty lists.
 */
public final class IamStandIn implements AutoCloseable {

	/** The operations of IAM the stand-in serves, to script faults against. */
	public enum Operation {

		TOKEN, KEYS, CREATE_POLICY, LIST_POLICIES, GET_POLICY, DELETE_POLICY, LIST_ROLES

	}

	/** How a 409 names the policy it conflicts with. */
	public enum ConflictDetail {

		/**
		 * {@code conflicts_with.policy} is the policy id, as the API spec's
		 * {@code ConflictsWith} schema says.
		 */
		POLICY_ID,
		/** {@code conflicts_with.policy} is the whole conflicting policy object. */
		POLICY_OBJECT,
		/** No {@code details} at all. */
		NONE

	}

	/** One request as the stand-in received it. */
	public record Received(String method, String path, String query, String transactionId, String authorization,
			String body) {
	}

	/** Where the roles offered for each pair of services are read from. */
	public static final String ROLES = "classpath*:iam-roles/*.json";

	private static final Set<String> SUBJECT_ATTRIBUTES = Set.of("accountId", "serviceName", "serviceInstance",
			"resourceType", "resource", "resourceGroupId", "region", "iam_id", "access_group_id");

	private static final Set<String> SERVICES = Set.of("is", "cloud-object-storage", "kms", "hs-crypto", "dns-svcs",
			"backup-recovery", "secrets-manager", "containers-kubernetes", "databases-for-postgresql");

	private static final Pattern ROLE_CRN = Pattern
		.compile("^crn:v1:bluemix:public:[a-z0-9-]*::::(role|serviceRole):[A-Za-z]+$");

	private static final Set<String> POLICY_FIELDS = Set.of("type", "subjects", "roles", "resources", "description");

	/**
	 * The most policies a page lists unless a test asks for fewer: the stand-in's own
	 * choice, as neither IAM's spec nor its SDKs state IAM's default.
	 */
	public static final int DEFAULT_PAGE_SIZE = 50;

	/**
	 * How page tokens start: opaque to clients, with a character a query must encode, so
	 * a client that sends one back unencoded is refused here (it reads a space) rather
	 * than by IAM.
	 */
	private static final String START = "page+";

	/**
	 * The {@link Fault#answerDelay()} of the request this thread serves. Not an exchange
	 * attribute: the JDK server keeps those per context, shared by every request.
	 */
	private static final ThreadLocal<Duration> answerDelay = new ThreadLocal<>();

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final String apiKey;

	private final KeyPair signingKey;

	private final String keyId = "standin-" + UUID.randomUUID().toString().substring(0, 8);

	private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

	private final Map<String, ObjectNode> policies = new LinkedHashMap<>();

	private final Map<Operation, Deque<Fault>> faults = new EnumMap<>(Operation.class);

	/** The entries of every {@value #ROLES} file, in the order of their file names. */
	private final List<JsonNode> roleFiles = readRoleFiles();

	/**
	 * The roles offered per "source → target", by CRN, each with its kind; guarded by
	 * this.
	 */
	private final Map<String, Map<String, ObjectNode>> roles = new LinkedHashMap<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger created = new AtomicInteger();

	private final AtomicInteger creating = new AtomicInteger();

	private final AtomicInteger mostCreatingAtOnce = new AtomicInteger();

	private volatile ConflictDetail conflictDetail = ConflictDetail.POLICY_ID;

	private volatile Duration tokenLifetime = Duration.ofHours(1);

	private volatile int pageSize = DEFAULT_PAGE_SIZE;

	private IamStandIn(int port, String apiKey) throws IOException {
		SecureRandom random = new SecureRandom();
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048, random);
			this.signingKey = generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		byte[] key = new byte[24];
		random.nextBytes(key);
		this.apiKey = apiKey != null ? apiKey
				: "standin-" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
		for (Operation operation : Operation.values()) {
			faults.put(operation, new ConcurrentLinkedDeque<>());
		}
		restoreRoles();
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
		server.setExecutor(threads);
		server.createContext("/", this::handle);
		server.start();
	}

	/** Starts a stand-in on a free loopback port. */
	public static IamStandIn start() {
		return start(0);
	}

	public static IamStandIn start(int port) {
		return start(port, null);
	}

	/**
	 * A stand-in on a given port that knows a given API key (for the no-setup run's
	 * documented demo key).
	 */
	public static IamStandIn start(int port, String apiKey) {
		try {
			return new IamStandIn(port, apiKey);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the IAM stand-in on port " + port, ex);
		}
	}

	/** The base URL, to configure as {@code broker.iam.url}. */
	public URI url() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
	}

	/** The one API key this IAM knows. */
	public String apiKey() {
		return apiKey;
	}

	/**
	 * Scripts faults: the next requests of {@code operation} meet them, one each, in
	 * order.
	 */
	public IamStandIn failNext(Operation operation, Fault... scripted) {
		faults.get(operation).addAll(List.of(scripted));
		return this;
	}

	public IamStandIn conflictDetail(ConflictDetail detail) {
		this.conflictDetail = detail;
		return this;
	}

	/**
	 * Lists at most {@code size} policies per page, whatever {@code limit} a client asks
	 * for, so tests see several pages; a client that follows {@code next} until there is
	 * none, as IBM's SDK pagers do, never depends on a page's size.
	 */
	public IamStandIn pageSize(int size) {
		if (size < 1) {
			throw new IllegalArgumentException("a page lists at least one policy");
		}
		this.pageSize = size;
		return this;
	}

	public IamStandIn tokenLifetime(Duration lifetime) {
		this.tokenLifetime = lifetime;
		return this;
	}

	/** Makes every token issued so far expired, as if IAM's clock had moved past them. */
	public void expireTokens() {
		tokens.replaceAll((token, expiry) -> Instant.EPOCH);
	}

	/** Creates a policy directly, as if someone had made it in the IAM console. */
	public synchronized String givenPolicy(Object document) {
		ObjectNode body = json.valueToTree(document);
		return store(body).path("id").asString();
	}

	/** Edits a policy directly, as if someone had changed its role in the IAM console. */
	public synchronized void changeRole(String id, String roleId) {
		ObjectNode policy = policies.get(id);
		ArrayNode roles = policy.putArray("roles");
		roles.addObject().put("role_id", roleId).put("display_name", roleId.substring(roleId.lastIndexOf(':') + 1));
	}

	/** Deletes a policy directly, as if someone had removed it in the IAM console. */
	public synchronized void removePolicy(String id) {
		policies.remove(id);
	}

	/**
	 * Offers a role for authorizations from {@code source} to {@code target}, in place of
	 * one of the pair with the same display name, as if IAM had changed its catalog.
	 * @param kind {@code system} or {@code service}
	 */
	public synchronized IamStandIn offerRole(String source, String target, String kind, String displayName,
			String crn) {
		Map<String, ObjectNode> offered = roles.computeIfAbsent(pair(source, target), p -> new LinkedHashMap<>());
		offered.values().removeIf(role -> role.path("display_name").asString().equals(displayName));
		offered.put(crn, role(target, kind, displayName, crn));
		return this;
	}

	/**
	 * Stops offering the role with that display name for authorizations from
	 * {@code source} to {@code target}.
	 */
	public synchronized IamStandIn withdrawRole(String source, String target, String displayName) {
		Map<String, ObjectNode> offered = roles.getOrDefault(pair(source, target), new LinkedHashMap<>());
		if (!offered.values().removeIf(role -> role.path("display_name").asString().equals(displayName))) {
			throw new IllegalArgumentException("No role " + displayName + " is offered for " + pair(source, target));
		}
		return this;
	}

	/**
	 * The CRNs of the roles offered for authorizations from {@code source} to
	 * {@code target}: system roles, then service roles, then custom roles.
	 */
	public synchronized List<String> offeredRoles(String source, String target) {
		Collection<ObjectNode> offered = roles.getOrDefault(pair(source, target), Map.of()).values();
		return Stream.of("system", "service", "custom")
			.flatMap(kind -> offered.stream().filter(role -> role.path("kind").asString().equals(kind)))
			.map(role -> role.path("crn").asString())
			.toList();
	}

	public synchronized List<JsonNode> policies() {
		return List.copyOf(policies.values());
	}

	/** The policies filed under an account (the account of their target resource). */
	public synchronized List<JsonNode> policiesIn(String accountId) {
		return policies.values()
			.stream()
			.filter(policy -> accountId.equals(accountOf(policy)))
			.map(JsonNode.class::cast)
			.toList();
	}

	/** Every access token this IAM issued since the last reset. */
	public List<String> issuedTokens() {
		return List.copyOf(tokens.keySet());
	}

	/**
	 * The most create requests this IAM was serving at the same time since the last
	 * reset.
	 */
	public int mostCreatingAtOnce() {
		return mostCreatingAtOnce.get();
	}

	/**
	 * How many policies this IAM created through its API (201 answers) since the last
	 * reset.
	 */
	public int createdCount() {
		return created.get();
	}

	public List<Received> received() {
		return List.copyOf(received);
	}

	/**
	 * Forgets policies, faults, tokens, requests and settings; keeps the API key and the
	 * port.
	 */
	public synchronized void reset() {
		policies.clear();
		faults.values().forEach(Deque::clear);
		received.clear();
		created.set(0);
		mostCreatingAtOnce.set(0);
		tokens.clear();
		conflictDetail = ConflictDetail.POLICY_ID;
		restoreRoles();
		tokenLifetime = Duration.ofHours(1);
		pageSize = DEFAULT_PAGE_SIZE;
	}

	@Override
	public void close() {
		server.stop(0);
		threads.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String path = exchange.getRequestURI().getPath();
			String method = exchange.getRequestMethod();
			received.add(new Received(method, path, exchange.getRequestURI().getRawQuery(),
					exchange.getRequestHeaders().getFirst("Transaction-Id"),
					exchange.getRequestHeaders().getFirst("Authorization"), body));
			Operation operation = operationOf(method, path);
			if (operation == null) {
				error(exchange, 404, "not_found", "Not Found");
				return;
			}
			if (operation == Operation.CREATE_POLICY) {
				mostCreatingAtOnce.accumulateAndGet(creating.incrementAndGet(), Math::max);
			}
			try {
				serve(exchange, operation, method, path, body);
			}
			finally {
				answerDelay.remove();
				if (operation == Operation.CREATE_POLICY) {
					creating.decrementAndGet();
				}
			}
		}
		catch (RuntimeException ex) {
			error(exchange, 500, "unable_to_process", "Stand-in failure: " + ex);
		}
	}

	private void serve(HttpExchange exchange, Operation operation, String method, String path, String body)
			throws IOException {
		Fault fault = faults.get(operation).poll();
		if (fault != null) {
			if (fault.delay() != null) {
				sleep(fault.delay());
			}
			answerDelay.set(fault.answerDelay());
			if (fault.drop()) {
				// Closing without a status line: the client sees the connection reset
				// mid-exchange.
				exchange.getResponseBody().close();
				return;
			}
			if (fault.status() > 0) {
				if (fault.retryAfterSeconds() != null) {
					exchange.getResponseHeaders().set("Retry-After", String.valueOf(fault.retryAfterSeconds()));
				}
				error(exchange, fault.status(), codeFor(fault.status()), messageFor(fault.status()));
				return;
			}
		}
		if (operation == Operation.TOKEN) {
			token(exchange, body);
			return;
		}
		if (operation == Operation.KEYS) {
			keys(exchange);
			return;
		}
		if (!authorized(exchange)) {
			error(exchange, 401, "invalid_token", "The provided IAM token is invalid.");
			return;
		}
		switch (operation) {
			case CREATE_POLICY -> create(exchange, body);
			case LIST_POLICIES -> list(exchange);
			case GET_POLICY -> get(exchange, path.substring("/v1/policies/".length()));
			case DELETE_POLICY -> delete(exchange, path.substring("/v1/policies/".length()));
			case LIST_ROLES -> listRoles(exchange);
			default -> throw new IllegalStateException(operation.name());
		}
	}

	private static Operation operationOf(String method, String path) {
		if (path.equals("/identity/token") && method.equals("POST")) {
			return Operation.TOKEN;
		}
		if (path.equals("/identity/keys") && method.equals("GET")) {
			return Operation.KEYS;
		}
		if (path.equals("/v2/roles") && method.equals("GET")) {
			return Operation.LIST_ROLES;
		}
		if (path.equals("/v1/policies")) {
			return switch (method) {
				case "POST" -> Operation.CREATE_POLICY;
				case "GET" -> Operation.LIST_POLICIES;
				default -> null;
			};
		}
		if (path.startsWith("/v1/policies/") && path.length() > "/v1/policies/".length()) {
			return switch (method) {
				case "GET" -> Operation.GET_POLICY;
				case "DELETE" -> Operation.DELETE_POLICY;
				default -> null;
			};
		}
		return null;
	}

	private void token(HttpExchange exchange, String body) throws IOException {
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		Map<String, String> form = form(body);
		if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
			oidcError(exchange, 400, "BXNIM0109E", "Property missing or empty. Property name(s): 'grant_type'.");
		}
		else if (!"urn:ibm:params:oauth:grant-type:apikey".equals(form.get("grant_type"))) {
			oidcError(exchange, 400, "BXNIM0103E", "Unsupported grant type.");
		}
		else if (!apiKey.equals(form.get("apikey"))) {
			oidcError(exchange, 400, "BXNIM0415E", "Provided API key could not be found.");
		}
		else {
			Instant now = Instant.now();
			Instant expiry = now.plus(tokenLifetime);
			String token = jwt("ServiceId-standin", now, expiry);
			tokens.put(token, expiry);
			ObjectNode answer = json.createObjectNode()
				.put("access_token", token)
				.put("refresh_token", "not_supported")
				.put("token_type", "Bearer")
				.put("expires_in", tokenLifetime.toSeconds())
				.put("expiration", expiry.getEpochSecond())
				.put("scope", "ibm openid");
			send(exchange, 200, answer);
		}
	}

	private boolean authorized(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		Instant expiry = tokens.get(header.substring(7).trim());
		return expiry != null && Instant.now().isBefore(expiry);
	}

	private void create(HttpExchange exchange, String body) throws IOException {
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		if (contentType == null || !contentType.startsWith("application/json")) {
			error(exchange, 415, "unsupported_content_type",
					"The supported media type for this API is 'application/json'.");
			return;
		}
		JsonNode document;
		try {
			document = json.readTree(body);
		}
		catch (JacksonException ex) {
			error(exchange, 400, "invalid_body", "Invalid body format. Check the input parameters.");
			return;
		}
		String invalid = invalidity(document);
		if (invalid != null) {
			error(exchange, 400, "invalid_body", invalid);
			return;
		}
		ObjectNode existing;
		ObjectNode created = null;
		synchronized (this) {
			existing = equalTo(document);
			if (existing != null) {
				existing = existing.deepCopy();
			}
			else {
				created = store((ObjectNode) document);
				this.created.incrementAndGet();
			}
		}
		if (existing != null) {
			conflict(exchange, existing);
			return;
		}
		exchange.getResponseHeaders()
			.set("ETag",
					"1-" + HexFormat.of()
						.formatHex(created.path("id").asString().getBytes(StandardCharsets.UTF_8))
						.substring(0, 32));
		send(exchange, 201, created);
	}

	private void conflict(HttpExchange exchange, ObjectNode existing) throws IOException {
		ObjectNode error = json.createObjectNode()
			.put("code", "policy_conflict_error")
			.put("message", "Failed to create policy.");
		if (conflictDetail != ConflictDetail.NONE) {
			ObjectNode conflictsWith = error.putObject("details").putObject("conflicts_with");
			conflictsWith.put("etag", "1-847833cec3bf3f3c3231d8f9492febac");
			if (conflictDetail == ConflictDetail.POLICY_ID) {
				conflictsWith.put("policy", existing.path("id").asString());
			}
			else {
				conflictsWith.set("policy", existing.deepCopy());
			}
		}
		ObjectNode answer = json.createObjectNode().put("trace", trace());
		answer.putArray("errors").add(error);
		answer.put("status_code", 409);
		send(exchange, 409, answer);
	}

	/**
	 * {@code GET /v1/policies}, a page at a time as IAM lists policies now (IBM's SDKs
	 * send {@code limit} and {@code start} and follow {@code next.start}; the API spec of
	 * 2023-09-08 predates paging): at most {@code limit} policies, and never more than
	 * the stand-in's {@link #pageSize(int) page size}, with {@code first}, {@code next}
	 * while more follow, and {@code previous} after the first page.
	 */
	private void list(HttpExchange exchange) throws IOException {
		Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
		String account = query.get("account_id");
		if (account == null || account.isBlank()) {
			error(exchange, 400, "missing_required_query_parameter", "'account_id' is a required query parameter");
			return;
		}
		int limit = pageSize;
		if (query.containsKey("limit")) {
			try {
				limit = Math.min(pageSize, Integer.parseInt(query.get("limit")));
			}
			catch (NumberFormatException ex) {
				limit = 0;
			}
			if (limit < 1) {
				error(exchange, 400, "invalid_query_parameter", "'limit' must be a positive integer");
				return;
			}
		}
		int offset = 0;
		if (query.containsKey("start")) {
			String start = query.get("start");
			try {
				offset = start.startsWith(START) ? Integer.parseInt(start.substring(START.length())) : -1;
			}
			catch (NumberFormatException ex) {
				offset = -1;
			}
			if (offset < 0) {
				error(exchange, 400, "invalid_query_parameter", "Invalid 'start' page token.");
				return;
			}
		}
		List<ObjectNode> matching = new ArrayList<>();
		synchronized (this) {
			for (ObjectNode policy : policies.values()) {
				boolean typeMatches = !query.containsKey("type")
						|| query.get("type").equals(policy.path("type").asString());
				if (account.equals(accountOf(policy)) && typeMatches) {
					matching.add(policy.deepCopy());
				}
			}
		}
		ObjectNode answer = json.createObjectNode().put("limit", limit);
		answer.putObject("first").put("href", pageHref(query, null));
		if (offset + limit < matching.size()) {
			String next = START + (offset + limit);
			answer.putObject("next").put("href", pageHref(query, next)).put("start", next);
		}
		if (offset > 0) {
			String previous = START + Math.max(0, offset - limit);
			answer.putObject("previous").put("href", pageHref(query, previous)).put("start", previous);
		}
		ArrayNode listed = answer.putArray("policies");
		matching.stream().skip(offset).limit(limit).forEach(listed::add);
		send(exchange, 200, answer);
	}

	private String pageHref(Map<String, String> query, String start) {
		Map<String, String> page = new TreeMap<>(query);
		page.remove("start");
		if (start != null) {
			page.put("start", start);
		}
		StringBuilder href = new StringBuilder(url() + "/v1/policies");
		page.forEach((name, value) -> href.append(href.indexOf("?") < 0 ? '?' : '&')
			.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return href.toString();
	}

	/**
	 * {@code GET /v2/roles}: the roles offered for authorizations from
	 * {@code source_service_name} to {@code service_name}, as a {@code RoleCollection};
	 * three empty lists for a pair it does not know, as IAM answers.
	 */
	private void listRoles(HttpExchange exchange) throws IOException {
		Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
		if (query.containsKey("service_name") && query.containsKey("service_group_id")) {
			error(exchange, 400, "invalid_query_parameter",
					"'service_name' and 'service_group_id' cannot be used together");
			return;
		}
		ObjectNode answer = json.createObjectNode();
		ArrayNode custom = answer.putArray("custom_roles");
		ArrayNode service = answer.putArray("service_roles");
		ArrayNode system = answer.putArray("system_roles");
		synchronized (this) {
			roles.getOrDefault(pair(query.get("source_service_name"), query.get("service_name")), Map.of())
				.values()
				.forEach(role -> {
					ObjectNode listed = role.deepCopy();
					String kind = listed.remove("kind").asString();
					(kind.equals("system") ? system : kind.equals("custom") ? custom : service).add(listed);
				});
		}
		send(exchange, 200, answer);
	}

	/** The roles offered as the {@value #ROLES} files say. */
	private synchronized void restoreRoles() {
		roles.clear();
		for (JsonNode entry : roleFiles) {
			String source = entry.required("source").asString();
			String target = entry.required("target").asString();
			Map<String, ObjectNode> offered = roles.computeIfAbsent(pair(source, target), p -> new LinkedHashMap<>());
			for (JsonNode role : entry.required("roles")) {
				String crn = role.required("crn").asString();
				offered.put(crn,
						role(target, role.required("kind").asString(), role.required("display_name").asString(), crn));
			}
		}
	}

	private List<JsonNode> readRoleFiles() {
		List<JsonNode> entries = new ArrayList<>();
		try {
			Resource[] files = new PathMatchingResourcePatternResolver().getResources(ROLES);
			Arrays.sort(files, Comparator.comparing(Resource::getFilename));
			for (Resource file : files) {
				try (InputStream in = file.getInputStream()) {
					json.readTree(in).forEach(entries::add);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the stand-in's roles " + ROLES, ex);
		}
		return List.copyOf(entries);
	}

	/** A role as IAM's {@code Role} schema has it, with the stand-in's {@code kind}. */
	private ObjectNode role(String target, String kind, String displayName, String crn) {
		if (!Set.of("system", "service", "custom").contains(kind)) {
			throw new IllegalArgumentException("A role's kind is system, service or custom, not " + kind);
		}
		ObjectNode role = json.createObjectNode()
			.put("display_name", displayName)
			.put("description", displayName + " role for " + target + " authorizations")
			.put("crn", crn)
			.put("kind", kind);
		role.putArray("actions").add(target + "." + crn.substring(crn.lastIndexOf(':') + 1).toLowerCase() + ".access");
		return role;
	}

	private static String pair(String source, String target) {
		return source + " → " + target;
	}

	private void get(HttpExchange exchange, String id) throws IOException {
		ObjectNode policy;
		synchronized (this) {
			policy = policies.get(id);
		}
		if (policy == null) {
			error(exchange, 404, "policy_not_found", "Policy with Id " + id + " not found.");
			return;
		}
		send(exchange, 200, policy);
	}

	private void delete(HttpExchange exchange, String id) throws IOException {
		ObjectNode removed;
		synchronized (this) {
			removed = policies.remove(id);
		}
		if (removed == null) {
			error(exchange, 404, "policy_not_found", "Policy with Id " + id + " not found.");
			return;
		}
		answerLateIfScripted();
		exchange.sendResponseHeaders(204, -1);
	}

	/**
	 * Why IAM would refuse this policy body with 400 {@code invalid_body}, or null if it
	 * would not.
	 */
	private String invalidity(JsonNode document) {
		if (!document.isObject()) {
			return "Invalid body format. Check the input parameters.";
		}
		for (String field : document.propertyNames()) {
			if (!POLICY_FIELDS.contains(field)) {
				return "Invalid body format. Unexpected property '" + field + "'.";
			}
		}
		JsonNode description = document.path("description");
		if (!description.isMissingNode() && (!description.isString() || description.asString().isEmpty()
				|| description.asString().length() > 300)) {
			return "Invalid description: a string of 1 to 300 characters.";
		}
		String type = document.path("type").asString("");
		if (!type.matches("^[a-z]{6,13}$") || !(type.equals("access") || type.equals("authorization"))) {
			return "Invalid policy type '" + type + "'. Supported types are 'access' and 'authorization'.";
		}
		JsonNode subjects = document.path("subjects");
		if (!subjects.isArray() || subjects.size() != 1) {
			return "A policy must have exactly one subject.";
		}
		String subjectProblem = attributesProblem(subjects.get(0), "subject", SUBJECT_ATTRIBUTES);
		if (subjectProblem != null) {
			return subjectProblem;
		}
		JsonNode roles = document.path("roles");
		if (!roles.isArray() || roles.isEmpty()) {
			return "A policy must have at least one role.";
		}
		for (JsonNode role : roles) {
			if (!ROLE_CRN.matcher(role.path("role_id").asString("")).matches()) {
				return "Invalid role_id '" + role.path("role_id").asString("") + "'.";
			}
		}
		JsonNode resources = document.path("resources");
		if (!resources.isArray() || resources.size() != 1) {
			return "A policy must have exactly one resource.";
		}
		String resourceProblem = attributesProblem(resources.get(0), "resource", null);
		if (resourceProblem != null) {
			return resourceProblem;
		}
		if (type.equals("authorization")) {
			String source = attribute(subjects.get(0), "serviceName");
			String target = attribute(resources.get(0), "serviceName");
			if (source == null || target == null) {
				return "An authorization policy needs a serviceName for its source and its target.";
			}
			for (String service : List.of(source, target)) {
				if (!SERVICES.contains(service)) {
					return "Invalid serviceName '" + service + "'.";
				}
			}
			if (attribute(subjects.get(0), "accountId") == null || attribute(resources.get(0), "accountId") == null) {
				return "An authorization policy needs an accountId for its source and its target.";
			}
		}
		else if (attribute(subjects.get(0), "iam_id") == null
				&& attribute(subjects.get(0), "access_group_id") == null) {
			return "An access policy needs an iam_id or access_group_id subject.";
		}
		return null;
	}

	private static String attributesProblem(JsonNode holder, String what, Set<String> allowedNames) {
		JsonNode attributes = holder.path("attributes");
		if (!attributes.isArray() || attributes.isEmpty()) {
			return "The " + what + " must have at least one attribute.";
		}
		Set<String> seen = new HashSet<>();
		for (JsonNode attribute : attributes) {
			String name = attribute.path("name").asString("");
			JsonNode value = attribute.path("value");
			if (name.isEmpty() || !value.isString() || value.asString().isEmpty() || value.asString().length() > 1000) {
				return "Every " + what + " attribute needs a name and a non-empty string value.";
			}
			if (allowedNames != null && !allowedNames.contains(name)) {
				return "Invalid " + what + " attribute '" + name + "'.";
			}
			if (!seen.add(name)) {
				return "Duplicate " + what + " attribute '" + name + "'.";
			}
		}
		return null;
	}

	private ObjectNode equalTo(JsonNode document) {
		Object wanted = comparable(document);
		return policies.values().stream().filter(policy -> comparable(policy).equals(wanted)).findFirst().orElse(null);
	}

	private static Object comparable(JsonNode policy) {
		List<Object> parts = new ArrayList<>();
		parts.add(policy.path("type").asString(""));
		for (String holders : List.of("subjects", "resources")) {
			Map<String, String> attributes = new HashMap<>();
			policy.path(holders)
				.forEach(holder -> holder.path("attributes")
					.forEach(a -> attributes.put(a.path("name").asString(""), a.path("value").asString(""))));
			parts.add(attributes);
		}
		Set<String> roles = new TreeSet<>();
		policy.path("roles").forEach(role -> roles.add(role.path("role_id").asString("")));
		parts.add(roles);
		return parts;
	}

	private ObjectNode store(ObjectNode document) {
		String id = UUID.randomUUID().toString();
		String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
		ObjectNode policy = json.createObjectNode().put("id", id);
		policy.put("type", document.path("type").asString());
		if (document.path("description").isString()) {
			policy.put("description", document.path("description").asString());
		}
		policy.set("subjects", document.path("subjects").deepCopy());
		ArrayNode roles = policy.putArray("roles");
		document.path("roles").forEach(role -> {
			String roleId = role.path("role_id").asString();
			roles.addObject().put("role_id", roleId).put("display_name", roleId.substring(roleId.lastIndexOf(':') + 1));
		});
		ArrayNode resources = policy.putArray("resources");
		document.path("resources").forEach(resource -> {
			ArrayNode attributes = resources.addObject().putArray("attributes");
			resource.path("attributes")
				.forEach(a -> attributes.addObject()
					.put("name", a.path("name").asString())
					.put("value", a.path("value").asString())
					.put("operator", a.path("operator").asString("stringEquals")));
		});
		policy.put("href", url() + "/v1/policies/" + id)
			.put("created_at", now)
			.put("created_by_id", "iam-ServiceId-standin")
			.put("last_modified_at", now)
			.put("last_modified_by_id", "iam-ServiceId-standin")
			.put("state", "active");
		policies.put(id, policy);
		return policy;
	}

	private static String accountOf(JsonNode policy) {
		return attribute(policy.path("resources").path(0), "accountId");
	}

	private static String attribute(JsonNode holder, String name) {
		for (JsonNode attribute : holder.path("attributes")) {
			if (name.equals(attribute.path("name").asString(""))) {
				return attribute.path("value").asString();
			}
		}
		return null;
	}

	private void error(HttpExchange exchange, int status, String code, String message) throws IOException {
		ObjectNode answer = json.createObjectNode().put("trace", trace());
		answer.putArray("errors").addObject().put("code", code).put("message", message);
		answer.put("status_code", status);
		send(exchange, status, answer);
	}

	private void oidcError(HttpExchange exchange, int status, String code, String message) throws IOException {
		ObjectNode answer = json.createObjectNode().put("errorCode", code).put("errorMessage", message);
		answer.putObject("context").put("requestId", trace()).put("requestType", "incoming.Identity_Token");
		send(exchange, status, answer);
	}

	private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
		byte[] bytes = json.writeValueAsBytes(body);
		answerLateIfScripted();
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * Waits out a scripted {@link Fault#answerDelay()}: the work is done, the answer not
	 * yet sent.
	 */
	private static void answerLateIfScripted() {
		Duration delay = answerDelay.get();
		if (delay != null) {
			sleep(delay);
		}
	}

	private static String codeFor(int status) {
		return switch (status) {
			case 400 -> "invalid_body";
			case 401 -> "invalid_token";
			case 403 -> "insufficent_permissions";
			case 404 -> "not_found";
			case 422 -> "request_not_processed";
			case 429 -> "too_many_requests";
			default -> "unable_to_process";
		};
	}

	private static String messageFor(int status) {
		return switch (status) {
			case 400 -> "Invalid body format. Check the input parameters.";
			case 401 -> "The provided IAM token is invalid.";
			case 403 -> "You are not allowed to create the requested policy.";
			case 404 -> "Not Found";
			case 422 -> "Exceeded maximum policies quota (4020) for account.";
			case 429 -> "Too many requests.";
			default -> "The service is temporarily unavailable.";
		};
	}

	private static String trace() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	/**
	 * An access token for a service ID of this IAM, signed like IAM's (RS256, key in the
	 * JWKS at {@code /identity/keys}); for tests that call the broker as a given caller.
	 */
	public String tokenFor(String serviceId) {
		Instant now = Instant.now();
		Instant expiry = now.plus(tokenLifetime);
		String token = jwt(serviceId, now, expiry);
		tokens.put(token, expiry);
		return token;
	}

	/**
	 * A token like {@link #tokenFor(String)}, signed by this IAM, with some claims
	 * changed: a value replaces the claim, {@code null} removes it. For tests of tokens
	 * IAM would not issue but a compromised or misconfigured issuer might.
	 */
	public String tokenWithClaims(String serviceId, Map<String, ?> changes) {
		Instant now = Instant.now();
		ObjectNode claims = claims(serviceId, now, now.plus(tokenLifetime));
		changes.forEach((name, value) -> {
			if (value == null) {
				claims.remove(name);
			}
			else {
				claims.set(name, json.valueToTree(value));
			}
		});
		return sign(claims);
	}

	/** The issuer of this IAM's tokens, to configure as the broker's trusted issuer. */
	public String issuer() {
		return url() + "/identity";
	}

	private void keys(HttpExchange exchange) throws IOException {
		RSAPublicKey key = (RSAPublicKey) signingKey.getPublic();
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		ObjectNode answer = json.createObjectNode();
		answer.putArray("keys")
			.addObject()
			.put("kty", "RSA")
			.put("kid", keyId)
			.put("alg", "RS256")
			.put("use", "sig")
			.put("n", base64.encodeToString(unsigned(key.getModulus())))
			.put("e", base64.encodeToString(unsigned(key.getPublicExponent())));
		send(exchange, 200, answer);
	}

	private static byte[] unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
	}

	private String jwt(String serviceId, Instant issued, Instant expiry) {
		return sign(claims(serviceId, issued, expiry));
	}

	private ObjectNode claims(String serviceId, Instant issued, Instant expiry) {
		return json.createObjectNode()
			.put("iam_id", "iam-" + serviceId)
			.put("id", "iam-" + serviceId)
			.put("sub", serviceId)
			.put("sub_type", "ServiceId")
			.put("iss", issuer())
			.put("grant_type", "urn:ibm:params:oauth:grant-type:apikey")
			.put("scope", "ibm openid")
			.put("iat", issued.getEpochSecond())
			.put("exp", expiry.getEpochSecond())
			.put("jti", UUID.randomUUID().toString());
	}

	private String sign(ObjectNode claims) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString(
				("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + keyId + "\"}").getBytes(StandardCharsets.UTF_8));
		String payload = base64.encodeToString(json.writeValueAsBytes(claims));
		try {
			Signature rsa = Signature.getInstance("SHA256withRSA");
			rsa.initSign(signingKey.getPrivate());
			rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
			return header + "." + payload + "." + base64.encodeToString(rsa.sign());
		}
		catch (NoSuchAlgorithmException | InvalidKeyException | SignatureException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> form(String encoded) {
		Map<String, String> values = new HashMap<>();
		if (encoded == null || encoded.isEmpty()) {
			return values;
		}
		for (String pair : encoded.split("&")) {
			int equals = pair.indexOf('=');
			String name = equals < 0 ? pair : pair.substring(0, equals);
			String value = equals < 0 ? "" : pair.substring(equals + 1);
			values.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return values;
	}

	private static void sleep(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

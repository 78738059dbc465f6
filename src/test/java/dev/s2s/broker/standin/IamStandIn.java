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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
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
 *
 * <p>
 * For load tests ({@link StandInServer}, {@code bench/run.sh}) it also takes a fixed
 * {@link #latency(Duration) latency} and {@link #randomFaults(RandomFaults) random
 * faults}, counts what it serves ({@link #stats()}), and may stop recording requests
 * ({@link #recordRequests(boolean)}). Conflicts are found through an index of the held
 * policies by what IAM compares, so thousands of policies cost no scan per create.
 */
public final class IamStandIn implements AutoCloseable {

	/** The operations of IAM the stand-in serves, to script faults against. */
	public enum Operation {

		TOKEN, KEYS, CREATE_POLICY, LIST_POLICIES, GET_POLICY, UPDATE_POLICY, DELETE_POLICY, LIST_ROLES

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

	/** One request being served: what it is, since when, and whether it is answered. */
	private static final class Call {

		private final Operation operation;

		private final long arrived;

		/** To be done, but its answer never sent (a random reset after the work). */
		private boolean answerLost;

		private boolean answered;

		private Call(Operation operation, long arrived) {
			this.operation = operation;
			this.arrived = arrived;
		}

	}

	/** Where the roles offered for each pair of services are read from. */
	public static final String ROLES = "classpath*:iam-roles/*.json";

	private static final Set<String> SUBJECT_ATTRIBUTES = Set.of("accountId", "serviceName", "serviceInstance",
			"resourceType", "resource", "resourceGroupId", "region", "iam_id", "access_group_id");

	/**
	 * The services a policy may name, beyond those of the {@value #ROLES} files' pairs
	 * ({@link #rolesServices}).
	 */
	private static final Set<String> SERVICES = Set.of("is", "cloud-object-storage", "kms", "hs-crypto", "dns-svcs",
			"backup-recovery", "secrets-manager", "containers-kubernetes", "databases-for-postgresql");

	private static final Pattern ROLE_CRN = Pattern
		.compile("^crn:v1:bluemix:public:[a-z0-9-]*::::(role|serviceRole):[A-Za-z][A-Za-z-]*$");

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

	private final StandInAccounts accounts = new StandInAccounts(this::claims, this::sign);

	private final Map<String, ObjectNode> policies = new LinkedHashMap<>();

	/** Each policy's revision, raised by every update; 1 when absent. */
	private final Map<String, Integer> revisions = new ConcurrentHashMap<>();

	private final Map<Operation, Deque<Fault>> faults = new EnumMap<>(Operation.class);

	/** The entries of every {@value #ROLES} file, in the order of their file names. */
	private final List<JsonNode> roleFiles = readRoleFiles();

	/** The services of the {@value #ROLES} files' pairs, which a policy may name too. */
	private final Set<String> rolesServices = rolesServices(roleFiles);

	/**
	 * The roles offered per "source → target", by CRN, each with its kind; guarded by
	 * this.
	 */
	private final Map<String, Map<String, ObjectNode>> roles = new LinkedHashMap<>();

	private final Queue<Received> received = new ConcurrentLinkedQueue<>();

	private volatile boolean recording = true;

	/**
	 * The ids of the held policies by {@link #comparable(JsonNode) what IAM compares},
	 * oldest first; guarded by this. More than one id under a key is a duplicate IAM
	 * would never hold.
	 */
	private final Map<Object, Set<String>> idsByKey = new HashMap<>();

	/** How long every policy and role call waits before it is served. */
	private volatile Duration latency = Duration.ZERO;

	private volatile RandomFaults randomFaults = RandomFaults.NONE;

	/** When the stand-in started: throttling bursts are timed from it. */
	private final long startedAt = System.nanoTime();

	private final Map<Operation, LongAdder> calls = new EnumMap<>(Operation.class);

	/**
	 * Answers by operation and HTTP status ({@code CREATE_POLICY 201}); {@code reset} and
	 * {@code lost} for connections closed before and after the work.
	 */
	private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

	private final AtomicInteger policyCallsInFlight = new AtomicInteger();

	private final AtomicInteger mostPolicyCallsInFlight = new AtomicInteger();

	/** The time policy calls spent in the stand-in, summed: calls in flight × time. */
	private final LongAdder policyCallNanos = new LongAdder();

	/** The request this thread serves, counted when it is answered. */
	private final ThreadLocal<Call> serving = new ThreadLocal<>();

	private final AtomicInteger created = new AtomicInteger();

	private final AtomicInteger creating = new AtomicInteger();

	private final AtomicInteger mostCreatingAtOnce = new AtomicInteger();

	private volatile ConflictDetail conflictDetail = ConflictDetail.POLICY_ID;

	private volatile Duration tokenLifetime = Duration.ofHours(1);

	private volatile int pageSize = DEFAULT_PAGE_SIZE;

	/**
	 * How long a policy created through the API reads as 404 by its id: IAM is eventually
	 * consistent (terraform-provider-ibm #4413).
	 */
	private volatile Duration unreadableAfterCreation = Duration.ZERO;

	/** When each policy created through the API was created, for the switch above. */
	private final Map<String, Instant> createdAt = new ConcurrentHashMap<>();

	static {
		// Past 200 idle connections, the JDK's server closes each connection as soon as
		// it
		// has answered on it, without a word (sun.net.httpserver.maxIdleConnections, read
		// once per JVM). Test classes build an adapter per case, each with its own pool,
		// and leave them open: a case would then read a closed connection as IAM's
		// failure. The rig's limit, not the adapter's behaviour, so it is raised.
		System.getProperties().putIfAbsent("sun.net.httpserver.maxIdleConnections", "5000");
	}

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
			calls.put(operation, new LongAdder());
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

	/**
	 * Makes every policy created through the API from now on read as 404 ({@code GET
	 * /v1/policies/{id}}) for {@code window} after its 201, as IAM's replicas may before
	 * they catch up; it conflicts (409) and is listed at once. {@link Duration#ZERO}
	 * turns it off.
	 */
	public IamStandIn readsAsMissingAfterCreation(Duration window) {
		this.unreadableAfterCreation = window;
		return this;
	}

	/**
	 * Makes every policy call ({@code /v1/policies*}) and role listing wait this long
	 * before it is served, each on its own thread, so calls overlap as they do at IAM.
	 */
	public IamStandIn latency(Duration latency) {
		if (latency.isNegative()) {
			throw new IllegalArgumentException("a latency is not negative");
		}
		this.latency = latency;
		return this;
	}

	/** Deals faults at random to policy calls from now on; after any scripted fault. */
	public IamStandIn randomFaults(RandomFaults faults) {
		this.randomFaults = faults;
		return this;
	}

	/**
	 * Whether every request is kept for {@link #received()}: on by default; off for load
	 * tests, whose thousands of requests nobody reads back.
	 */
	public IamStandIn recordRequests(boolean record) {
		this.recording = record;
		return this;
	}

	public IamStandIn tokenLifetime(Duration lifetime) {
		this.tokenLifetime = lifetime;
		return this;
	}

	/** Makes every token issued so far expired, as if IAM's clock had moved past them. */
	public void expireTokens() {
		accounts.expireAll();
	}

	/** The account the API key's service ID lives in: the enterprise's home account. */
	public String homeAccount() {
		return StandInAccounts.HOME_ACCOUNT;
	}

	/**
	 * The name of the profile the enterprise's trusted-profile template gives every child
	 * account ({@value StandInAccounts#TEMPLATE_PROFILE} unless changed); null: no
	 * template.
	 */
	public IamStandIn profileTemplate(String name) {
		accounts.template(name);
		return this;
	}

	/** Leaves an account out of the template: it has no profile unless one is made. */
	public IamStandIn outsideTemplate(String accountId) {
		accounts.outsideTemplate(accountId);
		return this;
	}

	/** Makes a trusted profile in an account that the API key's service ID may assume. */
	public StandInAccounts.Profile trustedProfile(String accountId, String name) {
		return accounts.trustedProfile(accountId, name, Set.of("iam-" + StandInAccounts.SERVICE_ID), Set.of());
	}

	/**
	 * Makes a trusted profile in an account that a compute resource of that account (its
	 * token's subject, e.g. {@code system:serviceaccount:ns:name}) may get a token for.
	 */
	public StandInAccounts.Profile computeResourceProfile(String accountId, String name, String subject) {
		return accounts.trustedProfile(accountId, name, Set.of(), Set.of(subject));
	}

	/** A compute resource's token, as a Kubernetes kubelet projects it into a pod. */
	public String computeResourceToken(String accountId, String subject) {
		return accounts.computeResourceToken(accountId, subject, tokenLifetime);
	}

	/** An account's profile of that name, the template's included, or null. */
	public StandInAccounts.Profile profile(String accountId, String name) {
		return accounts.named(accountId, name);
	}

	/**
	 * Tokens issued by the token endpoint since the last reset, by grant type
	 * ({@code apikey}, {@code assume}, {@code cr-token}).
	 */
	public Map<String, Long> tokenExchanges() {
		return accounts.issuedByGrant();
	}

	/** Makes every token issued for an account expired, as if IAM had revoked them. */
	public void expireTokensIn(String accountId) {
		accounts.expireTokensIn(accountId);
	}

	/** Creates a policy directly, as if someone had made it in the IAM console. */
	public synchronized String givenPolicy(Object document) {
		ObjectNode body = json.valueToTree(document);
		return store(body, "IBMid-console-user").path("id").asString();
	}

	/** Edits a policy directly, as if someone had changed its role in the IAM console. */
	public synchronized void changeRole(String id, String roleId) {
		ObjectNode policy = policies.get(id);
		unindex(policy);
		ArrayNode roles = policy.putArray("roles");
		roles.addObject().put("role_id", roleId).put("display_name", roleId.substring(roleId.lastIndexOf(':') + 1));
		index(policy);
		revisions.merge(id, 2, (revision, two) -> revision + 1);
	}

	/** The policy IAM holds by that id, or null. */
	public synchronized JsonNode policy(String id) {
		ObjectNode policy = policies.get(id);
		return policy == null ? null : policy.deepCopy();
	}

	/** The role CRNs of a policy IAM holds, in its order. */
	public synchronized List<String> rolesOf(String id) {
		List<String> roles = new ArrayList<>();
		policies.get(id).path("roles").forEach(role -> roles.add(role.path("role_id").asString()));
		return roles;
	}

	/** Deletes a policy directly, as if someone had removed it in the IAM console. */
	public synchronized void removePolicy(String id) {
		forget(id);
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
		return accounts.issuedTokens();
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

	/** What the stand-in has served since it started or was last reset. */
	public Stats stats() {
		Map<Operation, Long> callCounts = new EnumMap<>(Operation.class);
		calls.forEach((operation, count) -> callCounts.put(operation, count.sum()));
		Map<String, Long> answerCounts = new TreeMap<>();
		answers.forEach((status, count) -> answerCounts.put(status, count.sum()));
		int held;
		int duplicates = 0;
		synchronized (this) {
			held = policies.size();
			for (Set<String> ids : idsByKey.values()) {
				duplicates += ids.size() - 1;
			}
		}
		return new Stats(callCounts, answerCounts, policyCallsInFlight.get(), mostPolicyCallsInFlight.get(),
				Duration.ofNanos(policyCallNanos.sum()), held, duplicates, created.get());
	}

	/**
	 * Counters of what the stand-in served.
	 *
	 * @param calls requests per operation, whatever their answer
	 * @param answers answers per operation and HTTP status, as {@code CREATE_POLICY 201};
	 * instead of a status, {@code reset}: the connection closed before the work,
	 * {@code lost}: closed after it (a policy created, its answer never sent)
	 * @param policyCallsInFlight policy calls ({@code /v1/policies*}) being served now
	 * @param mostPolicyCallsInFlight the most policy calls served at the same time
	 * @param policyCallTime the time policy calls spent in the stand-in, summed; divided
	 * by a wall-clock interval, the average number in flight
	 * @param policies policies held now
	 * @param duplicates held policies equal (type, subject and resource attributes,
	 * roles) to an older held one: IAM would have refused them with a 409
	 * @param created policies created through the API (201s and lost answers)
	 */
	public record Stats(Map<Operation, Long> calls, Map<String, Long> answers, int policyCallsInFlight,
			int mostPolicyCallsInFlight, Duration policyCallTime, int policies, int duplicates, int created) {
	}

	/**
	 * Forgets policies, faults, tokens, requests and settings; keeps the API key and the
	 * port.
	 */
	public synchronized void reset() {
		policies.clear();
		revisions.clear();
		idsByKey.clear();
		faults.values().forEach(Deque::clear);
		received.clear();
		created.set(0);
		mostCreatingAtOnce.set(0);
		calls.values().forEach(LongAdder::reset);
		answers.clear();
		mostPolicyCallsInFlight.set(policyCallsInFlight.get());
		policyCallNanos.reset();
		latency = Duration.ZERO;
		randomFaults = RandomFaults.NONE;
		recording = true;
		accounts.reset();
		conflictDetail = ConflictDetail.POLICY_ID;
		restoreRoles();
		tokenLifetime = Duration.ofHours(1);
		pageSize = DEFAULT_PAGE_SIZE;
		unreadableAfterCreation = Duration.ZERO;
		createdAt.clear();
	}

	@Override
	public void close() {
		server.stop(0);
		threads.shutdownNow();
	}

	/**
	 * Serves paths under {@code path} (outside IAM's) with {@code handler}, on the
	 * stand-in's port and threads, uncounted: the load-test server's admin endpoints.
	 */
	void serveOutsideIam(String path, HttpHandler handler) {
		server.createContext(path, handler);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String method = exchange.getRequestMethod();
		Operation operation = operationOf(method, path);
		if (operation != null) {
			calls.get(operation).increment();
			serving.set(new Call(operation, System.nanoTime()));
		}
		if (isPolicyCall(operation)) {
			mostPolicyCallsInFlight.accumulateAndGet(policyCallsInFlight.incrementAndGet(), Math::max);
		}
		try (exchange) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			if (recording) {
				received.add(new Received(method, path, exchange.getRequestURI().getRawQuery(),
						exchange.getRequestHeaders().getFirst("Transaction-Id"),
						exchange.getRequestHeaders().getFirst("Authorization"), body));
			}
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
				if (operation == Operation.CREATE_POLICY) {
					creating.decrementAndGet();
				}
			}
		}
		catch (RuntimeException ex) {
			error(exchange, 500, "unable_to_process", "Stand-in failure: " + ex);
		}
		finally {
			// Closed without an answer, if none was counted.
			answering("reset");
			serving.remove();
			answerDelay.remove();
		}
	}

	/**
	 * Counts the answer of the request this thread serves, once, before the client can
	 * see it: a policy call is no longer in flight.
	 */
	private void answering(String answer) {
		Call call = serving.get();
		if (call == null || call.answered) {
			return;
		}
		call.answered = true;
		answers.computeIfAbsent(call.operation + " " + answer, key -> new LongAdder()).increment();
		if (isPolicyCall(call.operation)) {
			policyCallsInFlight.decrementAndGet();
			policyCallNanos.add(System.nanoTime() - call.arrived);
		}
	}

	private static boolean isPolicyCall(Operation operation) {
		return operation == Operation.CREATE_POLICY || operation == Operation.LIST_POLICIES
				|| operation == Operation.GET_POLICY || operation == Operation.UPDATE_POLICY
				|| operation == Operation.DELETE_POLICY;
	}

	private void serve(HttpExchange exchange, Operation operation, String method, String path, String body)
			throws IOException {
		if (isPolicyCall(operation) || operation == Operation.LIST_ROLES) {
			sleep(latency);
		}
		Fault fault = faults.get(operation).poll();
		if (fault != null) {
			if (fault.delay() != null) {
				sleep(fault.delay());
			}
			answerDelay.set(fault.answerDelay());
			if (fault.drop()) {
				drop(exchange);
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
		else if (isPolicyCall(operation) && dealtRandomFault(exchange)) {
			return;
		}
		if (operation == Operation.TOKEN) {
			token(exchange, body);
			return;
		}
		if (operation == Operation.KEYS) {
			keys(exchange);
			return;
		}
		StandInAccounts.Principal caller = principal(exchange);
		if (caller == null) {
			error(exchange, 401, "invalid_token", "The provided IAM token is invalid.");
			return;
		}
		switch (operation) {
			case CREATE_POLICY -> create(exchange, body, caller);
			case LIST_POLICIES -> list(exchange, caller);
			case GET_POLICY -> get(exchange, path.substring("/v1/policies/".length()), caller);
			case UPDATE_POLICY -> update(exchange, path.substring("/v1/policies/".length()), body, caller);
			case DELETE_POLICY -> delete(exchange, path.substring("/v1/policies/".length()), caller);
			case LIST_ROLES -> listRoles(exchange);
			default -> throw new IllegalStateException(operation.name());
		}
	}

	/**
	 * Answers a policy call as {@link #randomFaults(RandomFaults)} deal: a 429 while a
	 * throttling burst lasts, a 5xx, or a closed connection; or marks its answer to be
	 * lost after the work.
	 * @return whether the call has been answered (or dropped)
	 */
	private boolean dealtRandomFault(HttpExchange exchange) throws IOException {
		RandomFaults dealt = randomFaults;
		if (dealt.throttling(Duration.ofNanos(System.nanoTime() - startedAt))) {
			exchange.getResponseHeaders().set("Retry-After", "1");
			error(exchange, 429, codeFor(429), messageFor(429));
			return true;
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		double draw = random.nextDouble();
		if (draw < dealt.serverErrors()) {
			int status = List.of(500, 502, 503, 504).get(random.nextInt(4));
			error(exchange, status, codeFor(status), messageFor(status));
			return true;
		}
		if (draw < dealt.serverErrors() + dealt.resets()) {
			if (random.nextDouble() < dealt.lostAnswers()) {
				serving.get().answerLost = true;
				return false;
			}
			drop(exchange);
			return true;
		}
		return false;
	}

	/**
	 * Closes the connection without a status line: the client sees it reset mid-exchange.
	 */
	private void drop(HttpExchange exchange) throws IOException {
		Call call = serving.get();
		answering(call != null && call.answerLost ? "lost" : "reset");
		exchange.getResponseBody().close();
	}

	/**
	 * Whether the answer about to be sent is to be lost (the work is done); then the
	 * connection is closed instead.
	 */
	private boolean droppedInsteadOfAnswer(HttpExchange exchange) throws IOException {
		Call call = serving.get();
		if (call != null && call.answerLost) {
			drop(exchange);
			return true;
		}
		return false;
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
				case "PUT" -> Operation.UPDATE_POLICY;
				case "DELETE" -> Operation.DELETE_POLICY;
				default -> null;
			};
		}
		return null;
	}

	private void token(HttpExchange exchange, String body) throws IOException {
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
			oidcError(exchange, 400, "BXNIM0109E", "Property missing or empty. Property name(s): 'grant_type'.");
			return;
		}
		StandInAccounts.Issued issued = accounts.exchange(form(body), apiKey, tokenLifetime);
		if (issued.refusal() != null) {
			oidcError(exchange, issued.refusal().status(), issued.refusal().code(), issued.refusal().message());
			return;
		}
		ObjectNode answer = json.createObjectNode()
			.put("access_token", issued.token())
			.put("refresh_token", "not_supported")
			.put("token_type", "Bearer")
			.put("expires_in", tokenLifetime.toSeconds())
			.put("expiration", issued.principal().expiry().getEpochSecond())
			.put("scope", "ibm openid");
		send(exchange, 200, answer);
	}

	/** Who the request's bearer token stands for, or null for none or an invalid one. */
	private StandInAccounts.Principal principal(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		return accounts.principal(header.substring(7).trim());
	}

	private void create(HttpExchange exchange, String body, StandInAccounts.Principal caller) throws IOException {
		JsonNode document = policyBody(exchange, body);
		if (document == null) {
			return;
		}
		// IAM creates an authorization in its target's account, for a caller of that
		// account only.
		if (!caller.accountId().equals(accountOf(document))) {
			error(exchange, 403, "insufficent_permissions", "You are not allowed to create the requested policy.");
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
				created = store((ObjectNode) document, caller.iamId());
				this.created.incrementAndGet();
				if (!unreadableAfterCreation.isZero()) {
					createdAt.put(created.path("id").asString(), Instant.now());
				}
			}
		}
		if (existing != null) {
			conflict(exchange, existing);
			return;
		}
		exchange.getResponseHeaders().set("ETag", etag(created.path("id").asString()));
		send(exchange, 201, created);
	}

	private void conflict(HttpExchange exchange, ObjectNode existing) throws IOException {
		ObjectNode error = json.createObjectNode()
			.put("code", "policy_conflict_error")
			.put("message", "Failed to create policy.");
		if (conflictDetail != ConflictDetail.NONE) {
			ObjectNode conflictsWith = error.putObject("details").putObject("conflicts_with");
			conflictsWith.put("etag", etag(existing.path("id").asString()));
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
	private void list(HttpExchange exchange, StandInAccounts.Principal caller) throws IOException {
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
				// IAM lists only what the caller may read: another account's policies
				// are left out, not refused.
				if (account.equals(accountOf(policy)) && account.equals(caller.accountId()) && typeMatches) {
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

	private static Set<String> rolesServices(List<JsonNode> entries) {
		Set<String> services = new HashSet<>();
		for (JsonNode entry : entries) {
			services.add(entry.required("source").asString());
			services.add(entry.required("target").asString());
		}
		return Set.copyOf(services);
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

	private void get(HttpExchange exchange, String id, StandInAccounts.Principal caller) throws IOException {
		ObjectNode policy;
		synchronized (this) {
			policy = policies.get(id);
		}
		Instant created = createdAt.get(id);
		if (policy == null || (created != null && Instant.now().isBefore(created.plus(unreadableAfterCreation)))) {
			error(exchange, 404, "policy_not_found", "Policy with Id " + id + " not found.");
			return;
		}
		if (!caller.accountId().equals(accountOf(policy))) {
			error(exchange, 403, "insufficent_permissions", "You are not allowed to read the requested policy.");
			return;
		}
		exchange.getResponseHeaders().set("ETag", etag(id));
		send(exchange, 200, policy);
	}

	/**
	 * The policy a create's or an update's body holds, or null once IAM's refusal is
	 * answered: 415 for a body not sent as JSON, 400 for one that is not JSON or not a
	 * policy IAM takes.
	 */
	private JsonNode policyBody(HttpExchange exchange, String body) throws IOException {
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		if (contentType == null || !contentType.startsWith("application/json")) {
			error(exchange, 415, "unsupported_content_type",
					"The supported media type for this API is 'application/json'.");
			return null;
		}
		JsonNode document;
		try {
			document = json.readTree(body);
		}
		catch (JacksonException ex) {
			error(exchange, 400, "invalid_body", "Invalid body format. Check the input parameters.");
			return null;
		}
		String invalid = invalidity(document);
		if (invalid != null) {
			error(exchange, 400, "invalid_body", invalid);
			return null;
		}
		return document;
	}

	/**
	 * {@code PUT /v1/policies/{id}}: replaces a policy with the body, if {@code If-Match}
	 * names its current ETag (412 otherwise, 400 without one); the body is validated as a
	 * create's, and may not make the policy equal to another one (409). Answers the
	 * policy and its new ETag.
	 */
	private void update(HttpExchange exchange, String id, String body, StandInAccounts.Principal caller)
			throws IOException {
		String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
		JsonNode document = policyBody(exchange, body);
		if (document == null) {
			return;
		}
		if (ifMatch == null || ifMatch.isBlank()) {
			error(exchange, 400, "missing_required_header", "The If-Match header is required to update a policy.");
			return;
		}
		ObjectNode updated;
		ObjectNode conflicting = null;
		synchronized (this) {
			ObjectNode held = policies.get(id);
			if (held == null) {
				error(exchange, 404, "policy_not_found", "Policy with Id " + id + " not found.");
				return;
			}
			if (!caller.accountId().equals(accountOf(held)) || !caller.accountId().equals(accountOf(document))) {
				error(exchange, 403, "insufficent_permissions", "You are not allowed to update the requested policy.");
				return;
			}
			if (!etag(id).equals(ifMatch.trim())) {
				error(exchange, 412, "precondition_failed",
						"The If-Match header does not match the policy's current ETag " + etag(id) + ".");
				return;
			}
			ObjectNode equal = equalTo(document);
			if (equal != null && !equal.path("id").asString().equals(id)) {
				conflicting = equal.deepCopy();
				updated = null;
			}
			else {
				unindex(held);
				ObjectNode replacement = build(id, (ObjectNode) document, held.path("created_by_id").asString(),
						held.path("created_at").asString(), caller.iamId());
				policies.put(id, replacement);
				index(replacement);
				revisions.merge(id, 2, (old, two) -> old + 1);
				updated = replacement.deepCopy();
			}
		}
		if (conflicting != null) {
			conflict(exchange, conflicting);
			return;
		}
		exchange.getResponseHeaders().set("ETag", etag(id));
		send(exchange, 200, updated);
	}

	private void delete(HttpExchange exchange, String id, StandInAccounts.Principal caller) throws IOException {
		ObjectNode removed = null;
		boolean refused = false;
		synchronized (this) {
			ObjectNode held = policies.get(id);
			if (held != null && !caller.accountId().equals(accountOf(held))) {
				refused = true;
			}
			else {
				removed = forget(id);
			}
		}
		if (refused) {
			error(exchange, 403, "insufficent_permissions", "You are not allowed to delete the requested policy.");
			return;
		}
		if (removed == null) {
			error(exchange, 404, "policy_not_found", "Policy with Id " + id + " not found.");
			return;
		}
		answerLateIfScripted();
		if (droppedInsteadOfAnswer(exchange)) {
			return;
		}
		answering("204");
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
				if (!SERVICES.contains(service) && !rolesServices.contains(service)) {
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

	/** The oldest held policy equal to the document as IAM compares them, or null. */
	private ObjectNode equalTo(JsonNode document) {
		Set<String> ids = idsByKey.get(comparable(document));
		if (ids == null) {
			return null;
		}
		if (ids.size() == 1) {
			return policies.get(ids.iterator().next());
		}
		// Duplicates (given directly, or a role changed to another's): the first in
		// the order policies are held, as a scan would find.
		return policies.values()
			.stream()
			.filter(policy -> ids.contains(policy.path("id").asString()))
			.findFirst()
			.orElse(null);
	}

	private void index(ObjectNode policy) {
		idsByKey.computeIfAbsent(comparable(policy), key -> new LinkedHashSet<>()).add(policy.path("id").asString());
	}

	private void unindex(ObjectNode policy) {
		Object key = comparable(policy);
		Set<String> ids = idsByKey.get(key);
		if (ids != null) {
			ids.remove(policy.path("id").asString());
			if (ids.isEmpty()) {
				idsByKey.remove(key);
			}
		}
	}

	/** Stops holding a policy; the caller holds the lock. */
	private ObjectNode forget(String id) {
		revisions.remove(id);
		ObjectNode removed = policies.remove(id);
		if (removed != null) {
			unindex(removed);
		}
		return removed;
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
		// IAM's 409 reads "A policy already exists for the given subject and resource":
		// whatever the roles (issue 20).
		return parts;
	}

	/**
	 * A policy's ETag: its revision, which every update raises, and a digest of id and
	 * revision ({@code 1-847833cec3bf3f3c3231d8f9492febac}, as IAM's look).
	 */
	private String etag(String id) {
		int revision = revisions.getOrDefault(id, 1);
		return revision + "-"
				+ HexFormat.of()
					.formatHex(UUID.nameUUIDFromBytes((id + "/" + revision).getBytes(StandardCharsets.UTF_8))
						.toString()
						.replace("-", "")
						.getBytes(StandardCharsets.US_ASCII))
					.substring(0, 32);
	}

	private ObjectNode store(ObjectNode document, String createdBy) {
		String id = UUID.randomUUID().toString();
		String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
		ObjectNode policy = build(id, document, createdBy, now, createdBy);
		policies.put(id, policy);
		index(policy);
		return policy;
	}

	/** A policy as IAM holds it, made of a body; modified now by {@code modifiedBy}. */
	private ObjectNode build(String id, ObjectNode document, String createdBy, String createdAt, String modifiedBy) {
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
			.put("created_at", createdAt)
			.put("created_by_id", createdBy)
			.put("last_modified_at", now)
			.put("last_modified_by_id", modifiedBy)
			.put("state", "active");
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
		if (droppedInsteadOfAnswer(exchange)) {
			return;
		}
		answering(String.valueOf(status));
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
		StandInAccounts.Principal principal = new StandInAccounts.Principal("iam-" + serviceId, serviceId, "ServiceId",
				StandInAccounts.HOME_ACCOUNT, Instant.now().plus(tokenLifetime));
		String token = sign(claims(principal));
		accounts.issued(token, principal);
		return token;
	}

	/**
	 * A token like {@link #tokenFor(String)}, signed by this IAM, with some claims
	 * changed: a value replaces the claim, {@code null} removes it. For tests of tokens
	 * IAM would not issue but a compromised or misconfigured issuer might.
	 */
	public String tokenWithClaims(String serviceId, Map<String, ?> changes) {
		ObjectNode claims = claims(new StandInAccounts.Principal("iam-" + serviceId, serviceId, "ServiceId",
				StandInAccounts.HOME_ACCOUNT, Instant.now().plus(tokenLifetime)));
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

	/**
	 * The claims of IAM's access tokens for a principal: {@code iam_id}, {@code sub},
	 * {@code sub_type}, and the account in {@code account.bss}.
	 */
	private ObjectNode claims(StandInAccounts.Principal principal) {
		Instant issued = Instant.now();
		ObjectNode claims = json.createObjectNode()
			.put("iam_id", principal.iamId())
			.put("id", principal.iamId())
			.put("sub", principal.subject())
			.put("sub_type", principal.subType());
		claims.putObject("account").put("valid", true).put("bss", principal.accountId());
		return claims.put("iss", issuer())
			.put("grant_type",
					principal.subType().equals("Profile") ? StandInAccounts.ASSUME_GRANT : StandInAccounts.APIKEY_GRANT)
			.put("scope", "ibm openid")
			.put("iat", issued.getEpochSecond())
			.put("exp", principal.expiry().getEpochSecond())
			.put("jti", UUID.randomUUID().toString());
	}

	/**
	 * A token like {@link #tokenFor(String)} whose header names a key id this IAM's key
	 * set does not hold: what a forger sends to make a verifier fetch the key set.
	 */
	public String tokenWithUnknownKeyId(String serviceId) {
		return sign(
				claims(new StandInAccounts.Principal("iam-" + serviceId, serviceId, "ServiceId",
						StandInAccounts.HOME_ACCOUNT, Instant.now().plus(tokenLifetime))),
				"unknown-" + UUID.randomUUID());
	}

	private String sign(ObjectNode claims) {
		return sign(claims, keyId);
	}

	private String sign(ObjectNode claims, String kid) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString(
				("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8));
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

package dev.s2s.broker.iam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.s2s.broker.recipe.FieldViolation;
import dev.s2s.broker.recipe.PolicyDocument;
import dev.s2s.broker.recipe.RolesNotOffered;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;

/**
 * The roles recipes name, resolved against the roles IAM offers for each policy's pair of
 * services ({@code GET /v2/roles?service_name=<target>&source_service_name=<source>
 * &policy_type=authorization}), before anything is recorded: a role IAM offers gets IAM's
 * own {@code crn} as its {@code role_id}; a role IAM does not offer for the pair is
 * refused up front ({@link RolesNotOffered}) instead of failing late at
 * {@code POST /v1/policies} (issue 10). A pair's roles are cached for
 * {@code broker.iam.roles-ttl}; an empty list is not, so a service IAM starts offering,
 * or a permission the broker's API key is given, counts at once.
 *
 * <p>
 * IAM is read on the caller's request thread: once per pair, waiting at most
 * {@code broker.iam.timeouts.roles-read}, never retried. When it fails or does not
 * answer, the documents keep the catalog's pinned CRNs and say that their roles were not
 * checked, with the reason.
 */
public class IamRoles {

	private static final Logger log = LoggerFactory.getLogger(IamRoles.class);

	static final String LIST_ROLES = "list_roles";

	/** The attribute naming the source (subject) and the target (resource) service. */
	private static final String SERVICE_NAME = "serviceName";

	private final IamTransport transport;

	private final Duration ttl;

	private final Duration readTimeout;

	private final Clock clock;

	private final Map<Pair, Cached> cache = new ConcurrentHashMap<>();

	IamRoles(IamTransport transport, Duration ttl, Duration readTimeout, Clock clock) {
		this.transport = transport;
		this.ttl = ttl;
		this.readTimeout = readTimeout;
		this.clock = clock;
	}

	/**
	 * A lookup for one request (a plan, a grant, a batch): it asks IAM at most once per
	 * pair of services, and, once IAM has failed it, not again.
	 * @param transactionId sent as IAM's {@code Transaction-Id}
	 */
	public Lookup lookup(String transactionId) {
		return new Lookup(transactionId);
	}

	/** The cached roles of the pair, unless older than the TTL. */
	Optional<OfferedRoles> cached(Pair pair) {
		Cached cached = cache.get(pair);
		if (cached == null || !clock.instant().isBefore(cached.fetchedAt().plus(ttl))) {
			return Optional.empty();
		}
		return Optional.of(cached.roles());
	}

	/**
	 * The roles IAM offers for the pair, from one read, cached unless empty.
	 * @throws IamUnavailable when IAM answers an error, no role collection, or nothing in
	 * time, or issues no token
	 */
	OfferedRoles fetch(Pair pair, String transactionId) {
		Instant asked = clock.instant();
		// A caller waits for it (a plan or a grant request): within the caller reads.
		Answer answer = transport.forCaller(() -> {
			try {
				// The roles IAM offers for a pair of services are the same in every
				// account: read as the base identity.
				return transport.exchange(LIST_ROLES, null, transactionId, attempt -> {
				}, readTimeout,
						http -> http.get()
							.uri(uri -> uri.path("/v2/roles")
								.queryParam("service_name", pair.target())
								.queryParam("source_service_name", pair.source())
								.queryParam("policy_type", pair.type())
								.build())
							.accept(MediaType.APPLICATION_JSON));
			}
			catch (TransientIamFailure ex) {
				throw new IamUnavailable(ex.error(), readTimeout);
			}
			catch (SubmissionRefused ex) {
				throw new IamUnavailable(ex.error(), readTimeout);
			}
		});
		if (answer.status() != 200) {
			IamError error = answer.error();
			throw new IamUnavailable(error != null ? error
					: new IamError(answer.status(), "http_" + answer.status(), "IAM answered no role collection", null),
					readTimeout);
		}
		OfferedRoles roles = OfferedRoles.of(answer.body())
			.orElseThrow(() -> new IamUnavailable(
					new IamError(200, "no_role_collection", "IAM answered 200 without a role collection", null),
					readTimeout));
		if (roles.isEmpty()) {
			cache.remove(pair);
		}
		else {
			cache.put(pair, new Cached(roles, asked));
		}
		return roles;
	}

	/**
	 * The roles of one request's documents, resolved; see {@link IamRoles#lookup}. Not
	 * for use by more than one thread.
	 */
	public final class Lookup {

		private final String transactionId;

		private final Map<Pair, Asked> asked = new HashMap<>();

		/** Why IAM could not be asked, once it failed this lookup. */
		private @Nullable String unavailable;

		private Lookup(String transactionId) {
			this.transactionId = transactionId;
		}

		/**
		 * The documents with each role's {@code role_id} IAM's CRN for it, in order; a
		 * document whose roles IAM could not be asked about is kept as it is and says so.
		 * A document that names no source or target service cannot be asked about either.
		 * @throws RolesNotOffered naming each role IAM does not offer for its document's
		 * services, as {@code policies[i].roles[j]} of the documents given, and the roles
		 * IAM does offer
		 */
		public List<CheckedDocument> resolve(List<PolicyDocument> documents) {
			List<CheckedDocument> checked = new ArrayList<>();
			List<FieldViolation> violations = new ArrayList<>();
			for (int i = 0; i < documents.size(); i++) {
				PolicyDocument document = documents.get(i);
				Optional<Pair> pair = Pair.of(document);
				if (pair.isEmpty()) {
					checked.add(CheckedDocument.unchecked(document,
							"the policy names no one source and one target service (serviceName) to ask IAM about"));
					continue;
				}
				Asked answer = ask(pair.get());
				if (answer.roles() == null) {
					checked.add(CheckedDocument.unchecked(document, answer.reason()));
					continue;
				}
				List<PolicyDocument.Role> roles = new ArrayList<>();
				for (int j = 0; j < document.roles().size(); j++) {
					String roleId = document.roles().get(j).roleId();
					Optional<String> crn = answer.roles().crnOf(roleId);
					if (crn.isPresent()) {
						roles.add(new PolicyDocument.Role(crn.get()));
					}
					else {
						violations.add(new FieldViolation("policies[" + i + "].roles[" + j + "]",
								notOffered(roleId, pair.get(), answer.roles())));
					}
				}
				checked.add(CheckedDocument.checked(new PolicyDocument(document.type(), document.description(),
						document.subjects(), roles, document.resources())));
			}
			if (!violations.isEmpty()) {
				throw new RolesNotOffered(violations);
			}
			return checked;
		}

		private Asked ask(Pair pair) {
			Asked known = asked.get(pair);
			if (known != null) {
				return known;
			}
			Asked answer = cached(pair).map(Asked::of).orElseGet(() -> {
				if (unavailable != null) {
					return Asked.unavailable(unavailable);
				}
				try {
					return Asked.of(fetch(pair, transactionId));
				}
				catch (IamUnavailable ex) {
					log.warn("Roles of {} could not be read from IAM ({}); the catalog's pinned role CRNs are used, "
							+ "unchecked: {}", pair, transactionId, ex.getMessage());
					unavailable = ex.reason();
					return Asked.unavailable(unavailable);
				}
			});
			asked.put(pair, answer);
			return answer;
		}

		private static String notOffered(String roleId, Pair pair, OfferedRoles offered) {
			String role = "role " + OfferedRoles.name(roleId) + " is not offered by IAM for " + pair.source() + " → "
					+ pair.target();
			if (offered.isEmpty()) {
				return role + ": IAM lists no roles for that pair (is each service name right? IAM lists only "
						+ "the roles the broker's API key may read)";
			}
			return role + "; valid roles are " + offered.names();
		}

	}

	/** Authorizations of one type from one service to another: what IAM is asked. */
	record Pair(String type, String source, String target) {

		/**
		 * The pair a document authorizes: the {@code serviceName} of its subject and of
		 * its resource, each compared for equality. Empty when either is missing or
		 * matched by pattern ({@code stringMatch}, {@code stringExists}): there is no one
		 * service to ask IAM about.
		 */
		static Optional<Pair> of(PolicyDocument document) {
			Optional<String> source = serviceName(
					document.subjects().stream().flatMap(subject -> subject.attributes().stream()).toList());
			Optional<String> target = serviceName(
					document.resources().stream().flatMap(resource -> resource.attributes().stream()).toList());
			return source.isEmpty() || target.isEmpty() ? Optional.empty()
					: Optional.of(new Pair(document.type(), source.get(), target.get()));
		}

		private static Optional<String> serviceName(List<PolicyDocument.Attribute> attributes) {
			return attributes.stream()
				.filter(attribute -> attribute.name().equals(SERVICE_NAME))
				.findFirst()
				.filter(attribute -> attribute.operator() == null || attribute.operator().equals("stringEquals"))
				.map(PolicyDocument.Attribute::value);
		}

		@Override
		public String toString() {
			return source + " → " + target + " (" + type + ")";
		}

	}

	private record Cached(OfferedRoles roles, Instant fetchedAt) {
	}

	/** What IAM answered for a pair in one lookup: its roles, or why there are none. */
	private record Asked(@Nullable OfferedRoles roles, @Nullable String reason) {

		static Asked of(OfferedRoles roles) {
			return new Asked(roles, null);
		}

		static Asked unavailable(String reason) {
			return new Asked(null, reason);
		}

	}

}

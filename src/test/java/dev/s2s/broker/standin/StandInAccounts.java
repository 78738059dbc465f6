package dev.s2s.broker.standin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import tools.jackson.databind.node.ObjectNode;

/**
 * The accounts, identities and trusted profiles of the stand-in's IAM, and the tokens it
 * issued to them: an enterprise whose home account holds the service ID the API key
 * belongs to, and whose child accounts each hold a trusted profile that service ID may
 * assume.
 *
 * <p>
 * What it models, from IBM's IAM Identity token API spec ({@code getToken_Assume},
 * {@code getToken_crToken}) and the trusted-profile docs:
 * <ul>
 * <li>the API key's token names its service ID ({@code iam_id}, {@code sub_type
 * ServiceId}) and the home account ({@code account.bss});</li>
 * <li>the {@code assume} grant exchanges a service ID's access token for a profile's:
 * {@code profile_id}, {@code profile_crn}, or {@code profile_name} with the account
 * ({@code account}, as IBM's SDKs send it, or {@code account_id}, as the spec names it);
 * the profile must trust the token's identity, and a profile cannot assume another
 * profile;</li>
 * <li>the {@code cr-token} grant exchanges a compute resource's token for a profile of
 * the compute resource's own account that trusts it; a {@code profile_name} is looked up
 * in that account;</li>
 * <li>a profile's token names the profile ({@code iam_id iam-Profile-…}, {@code sub_type
 * Profile}) and the profile's account.</li>
 * </ul>
 * A trusted-profile template assigned to the whole enterprise is modelled by the
 * {@link #template template profile}: every account but the home one and those
 * {@link #outsideTemplate(String) left out} has a profile of that name trusting the
 * service ID. Refusals answer IAM's {@code OidcExceptionResponse} ({@code errorCode},
 * {@code errorMessage}, {@code context}); the {@code BXNIM} codes of refusals the spec
 * does not spell out are the stand-in's own.
 */
public final class StandInAccounts {

	/** The home (enterprise) account, where the API key's service ID lives. */
	public static final String HOME_ACCOUNT = "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0";

	/** The service ID the API key belongs to. */
	public static final String SERVICE_ID = "ServiceId-standin";

	/** The name of the profile the enterprise template gives every child account. */
	public static final String TEMPLATE_PROFILE = "s2s-broker";

	static final String APIKEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey";

	static final String ASSUME_GRANT = "urn:ibm:params:oauth:grant-type:assume";

	static final String CR_TOKEN_GRANT = "urn:ibm:params:oauth:grant-type:cr-token";

	/** Who a token stands for, and until when. */
	record Principal(String iamId, String subject, String subType, String accountId, Instant expiry) {

		boolean valid() {
			return Instant.now().isBefore(expiry);
		}

	}

	/**
	 * A trusted profile.
	 *
	 * @param trusted the iam_ids that may assume it
	 * @param computeResources the compute resources (their token's subject) that may get
	 * its token
	 */
	public record Profile(String id, String crn, String name, String accountId, Set<String> trusted,
			Set<String> computeResources) {

		public String iamId() {
			return "iam-" + id;
		}

	}

	/** A refusal of the token endpoint, as IAM answers it. */
	record Refusal(int status, String code, String message) {
	}

	/** What the token endpoint answers: a token or a refusal. */
	record Issued(String token, Principal principal, Refusal refusal) {
	}

	private final Function<ObjectNode, String> signer;

	private final Function<Principal, ObjectNode> claims;

	private final Map<String, Principal> tokens = new ConcurrentHashMap<>();

	/** Compute resource tokens: the token → its account and subject. */
	private final Map<String, Principal> computeResourceTokens = new ConcurrentHashMap<>();

	/** Explicit profiles by id; guarded by this. */
	private final Map<String, Profile> profiles = new LinkedHashMap<>();

	private final Set<String> outsideTemplate = new HashSet<>();

	private final Map<String, LongAdder> issuedByGrant = new ConcurrentHashMap<>();

	private volatile String template = TEMPLATE_PROFILE;

	StandInAccounts(Function<Principal, ObjectNode> claims, Function<ObjectNode, String> signer) {
		this.claims = claims;
		this.signer = signer;
	}

	/** Answers a token request of any grant type this IAM knows. */
	Issued exchange(Map<String, String> form, String apiKey, Duration lifetime) {
		String grant = form.get("grant_type");
		if (grant == null || grant.isEmpty()) {
			return refused(400, "BXNIM0109E", "Property missing or empty. Property name(s): 'grant_type'.");
		}
		return switch (grant) {
			case APIKEY_GRANT -> apiKey.equals(form.get("apikey"))
					? issue(APIKEY_GRANT,
							new Principal("iam-" + SERVICE_ID, SERVICE_ID, "ServiceId", HOME_ACCOUNT,
									Instant.now().plus(lifetime)))
					: refused(400, "BXNIM0415E", "Provided API key could not be found.");
			case ASSUME_GRANT -> assume(form, lifetime);
			case CR_TOKEN_GRANT -> computeResource(form, lifetime);
			default -> refused(400, "BXNIM0103E", "Unsupported grant type.");
		};
	}

	private Issued assume(Map<String, String> form, Duration lifetime) {
		String accessToken = form.get("access_token");
		if (accessToken == null || accessToken.isEmpty()) {
			return refused(400, "BXNIM0109E", "Property missing or empty. Property name(s): 'access_token'.");
		}
		Principal caller = tokens.get(accessToken);
		if (caller == null || !caller.valid()) {
			return refused(401, "BXNIM0407E", "Provided access token is invalid or expired.");
		}
		if (caller.subType().equals("Profile")) {
			return refused(400, "BXNIM0544E", "A trusted profile cannot assume another trusted profile.");
		}
		String account = form.containsKey("account") ? form.get("account") : form.get("account_id");
		Object found = lookUp(form, account, "'profile_id', 'profile_crn' or 'profile_name' and 'account'");
		if (found instanceof Refusal refusal) {
			return new Issued(null, null, refusal);
		}
		Profile profile = (Profile) found;
		if (!profile.trusted().contains(caller.iamId())) {
			return refused(400, "BXNIM0545E", "The identity " + caller.iamId() + " is not eligible to assume "
					+ "trusted profile " + profile.id() + ".");
		}
		return issue(ASSUME_GRANT, profilePrincipal(profile, lifetime));
	}

	private Issued computeResource(Map<String, String> form, Duration lifetime) {
		String crToken = form.get("cr_token");
		if (crToken == null || crToken.isEmpty()) {
			return refused(400, "BXNIM0109E", "Property missing or empty. Property name(s): 'cr_token'.");
		}
		Principal resource = computeResourceTokens.get(crToken);
		if (resource == null || !resource.valid()) {
			return refused(400, "BXNIM0424E", "Provided compute resource token is invalid or expired.");
		}
		Object found = lookUp(form, resource.accountId(), "'profile_id', 'profile_crn' or 'profile_name'");
		if (found instanceof Refusal refusal) {
			return new Issued(null, null, refusal);
		}
		Profile profile = (Profile) found;
		if (!profile.accountId().equals(resource.accountId())) {
			return refused(400, "BXNIM0546E",
					"Trusted profile " + profile.id() + " must exist in the same account as the compute resource.");
		}
		if (!profile.computeResources().contains(resource.subject())) {
			return refused(400, "BXNIM0545E", "The compute resource " + resource.subject()
					+ " is not eligible to assume trusted profile " + profile.id() + ".");
		}
		return issue(CR_TOKEN_GRANT, profilePrincipal(profile, lifetime));
	}

	/**
	 * The profile a token request names by exactly one of id, CRN or name (looked up in
	 * {@code nameAccount}), or the refusal.
	 */
	private synchronized Object lookUp(Map<String, String> form, String nameAccount, String forms) {
		String id = form.get("profile_id");
		String crn = form.get("profile_crn");
		String name = form.get("profile_name");
		int given = (id != null ? 1 : 0) + (crn != null ? 1 : 0) + (name != null ? 1 : 0);
		if (given != 1) {
			return new Refusal(400, "BXNIM0109E", "Pass exactly one of " + forms + ".");
		}
		Profile profile = null;
		if (id != null || crn != null) {
			for (Profile candidate : profiles.values()) {
				if (candidate.id().equals(id) || candidate.crn().equals(crn)) {
					profile = candidate;
				}
			}
			if (profile == null && id != null) {
				profile = templateProfileById(id);
			}
			if (profile == null && crn != null) {
				String last = crn.substring(crn.lastIndexOf(':') + 1);
				Profile byCrn = templateProfileById(last);
				profile = byCrn != null && byCrn.crn().equals(crn) ? byCrn : null;
			}
		}
		else {
			if (nameAccount == null || nameAccount.isEmpty()) {
				return new Refusal(400, "BXNIM0109E",
						"Property missing or empty. Property name(s): 'account'. A profile_name needs the account.");
			}
			profile = named(nameAccount, name);
		}
		if (profile == null) {
			String named = id != null ? id : crn != null ? crn : "'" + name + "' in account " + nameAccount;
			return new Refusal(400, "BXNIM0543E", "Trusted profile " + named + " not found.");
		}
		return profile;
	}

	private static Principal profilePrincipal(Profile profile, Duration lifetime) {
		return new Principal(profile.iamId(), profile.id(), "Profile", profile.accountId(),
				Instant.now().plus(lifetime));
	}

	private Issued issue(String grant, Principal principal) {
		String token = signer.apply(claims.apply(principal));
		tokens.put(token, principal);
		issuedByGrant.computeIfAbsent(grant.substring(grant.lastIndexOf(':') + 1), g -> new LongAdder()).increment();
		return new Issued(token, principal, null);
	}

	private static Issued refused(int status, String code, String message) {
		return new Issued(null, null, new Refusal(status, code, message));
	}

	/** Who a bearer token stands for, if this IAM issued it and it is still valid. */
	Principal principal(String token) {
		Principal principal = tokens.get(token);
		return principal != null && principal.valid() ? principal : null;
	}

	/** Registers a token issued outside the token endpoint (callers' tokens in tests). */
	void issued(String token, Principal principal) {
		tokens.put(token, principal);
	}

	/** The named profile of an account: an explicit one, else the template's. */
	synchronized Profile named(String accountId, String name) {
		for (Profile profile : profiles.values()) {
			if (profile.accountId().equals(accountId) && profile.name().equals(name)) {
				return profile;
			}
		}
		String templateName = template;
		if (templateName != null && templateName.equals(name) && !accountId.equals(HOME_ACCOUNT)
				&& !outsideTemplate.contains(accountId)) {
			return templateProfile(accountId, templateName);
		}
		return null;
	}

	private Profile templateProfileById(String id) {
		// Template profiles are made on demand: their id names the account they are in.
		String prefix = "Profile-tpl-";
		if (!id.startsWith(prefix) || id.length() != prefix.length() + 32) {
			return null;
		}
		Profile profile = named(id.substring(prefix.length()), template == null ? "" : template);
		return profile != null && profile.id().equals(id) ? profile : null;
	}

	private static Profile templateProfile(String accountId, String name) {
		String id = "Profile-tpl-" + accountId;
		return new Profile(id, crn(accountId, id), name, accountId, Set.of("iam-" + SERVICE_ID), Set.of());
	}

	synchronized Profile trustedProfile(String accountId, String name, Set<String> trusted,
			Set<String> computeResources) {
		String id = "Profile-" + UUID.nameUUIDFromBytes((accountId + "/" + name).getBytes(StandardCharsets.UTF_8));
		Profile profile = new Profile(id, crn(accountId, id), name, accountId, Set.copyOf(trusted),
				Set.copyOf(computeResources));
		profiles.put(id, profile);
		return profile;
	}

	private static String crn(String accountId, String id) {
		return "crn:v1:bluemix:public:iam-identity::a/" + accountId + "::profile:" + id;
	}

	/** A compute resource's token (a Kubernetes service account token, say). */
	String computeResourceToken(String accountId, String subject, Duration lifetime) {
		String token = "cr-" + UUID.randomUUID() + "-" + UUID.randomUUID();
		computeResourceTokens.put(token,
				new Principal("crn-" + subject, subject, "ComputeResource", accountId, Instant.now().plus(lifetime)));
		return token;
	}

	void template(String name) {
		this.template = name;
	}

	synchronized void outsideTemplate(String accountId) {
		outsideTemplate.add(accountId);
	}

	/** Makes every token of the account expired, as if IAM had revoked them. */
	void expireTokensIn(String accountId) {
		tokens
			.replaceAll((token,
					principal) -> principal.accountId().equals(accountId) ? new Principal(principal.iamId(),
							principal.subject(), principal.subType(), principal.accountId(), Instant.EPOCH)
							: principal);
	}

	void expireAll() {
		tokens.replaceAll((token, principal) -> new Principal(principal.iamId(), principal.subject(),
				principal.subType(), principal.accountId(), Instant.EPOCH));
	}

	List<String> issuedTokens() {
		return List.copyOf(tokens.keySet());
	}

	/** Tokens issued by grant type ({@code apikey}, {@code assume}, {@code cr-token}). */
	Map<String, Long> issuedByGrant() {
		Map<String, Long> counts = new TreeMap<>();
		issuedByGrant.forEach((grant, count) -> counts.put(grant, count.sum()));
		return counts;
	}

	synchronized void reset() {
		tokens.clear();
		computeResourceTokens.clear();
		profiles.clear();
		outsideTemplate.clear();
		issuedByGrant.clear();
		template = TEMPLATE_PROFILE;
	}

}

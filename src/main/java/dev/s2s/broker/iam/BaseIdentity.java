package dev.s2s.broker.iam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import dev.s2s.broker.iam.IamTokenEndpoint.IssuedToken;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's base identity in its home account, and its one token: an API key exchanged
 * with IAM's {@code apikey} grant, or a compute resource token exchanged for a trusted
 * profile with IAM's {@code cr-token} grant. The same token serves every account (N
 * accounts cost one API-key exchange): in the home account directly, elsewhere exchanged
 * for the account's profile ({@link ProfileTokens}).
 */
final class BaseIdentity {

	/** Logs as {@link IamIdentities}, whose lines these were before it was split. */
	private static final Logger log = LoggerFactory.getLogger(IamIdentities.class);

	/** The error code of a compute resource token file that cannot be read. */
	static final String TOKEN_FILE_UNREADABLE = "token_file_unreadable";

	private final IamProperties properties;

	private final IamTokenEndpoint endpoint;

	private final Clock clock;

	private final TokenSlot slot;

	/**
	 * The home account once the base token named it: it does not change, and no call in
	 * another account needs to wait for a new base token to learn it.
	 */
	private volatile @Nullable String knownHomeAccount;

	private volatile @Nullable BaseExchange lastExchange;

	BaseIdentity(IamProperties properties, IamTokenEndpoint endpoint, Clock clock) {
		this.properties = properties;
		this.endpoint = endpoint;
		this.clock = clock;
		this.slot = new TokenSlot(properties.accounts().refusalTtl());
	}

	/**
	 * The base token, cached until no longer fresh.
	 * @throws SubmissionRefused when IAM refuses the base identity
	 * @throws TransientIamFailure when IAM's token endpoint failed or did not answer
	 */
	IssuedToken token() {
		return slot.token(this::recordedExchange, false, clock.instant());
	}

	/**
	 * IAM answered 401 to this token: forget it, unless a new one replaced it already.
	 */
	void drop(String value) {
		slot.drop(value);
	}

	/** Whether it holds a token that has not expired. */
	boolean holds(Instant now) {
		return slot.holds(now);
	}

	/**
	 * The account the base identity acts in: {@code broker.iam.home-account}, else the
	 * account IAM names in the base token.
	 */
	String homeAccount() {
		if (properties.homeAccount() != null) {
			return properties.homeAccount();
		}
		String known = knownHomeAccount;
		if (known != null) {
			return known;
		}
		String account = token().accountId();
		if (account == null) {
			throw new SubmissionRefused(new IamError(null, IamTransport.TOKEN_REQUEST_FAILED,
					"IAM's token for the broker's base identity names no account (account.bss); set "
							+ "broker.iam.home-account",
					null));
		}
		knownHomeAccount = account;
		return account;
	}

	/** How the last exchange with IAM's token endpoint went, or null before the first. */
	@Nullable BaseExchange lastExchange() {
		return lastExchange;
	}

	private IssuedToken recordedExchange() {
		try {
			IssuedToken token = exchange();
			lastExchange = new BaseExchange(clock.instant(), true, null);
			return token;
		}
		catch (SubmissionRefused ex) {
			lastExchange = new BaseExchange(clock.instant(), false, ex.error().code());
			throw ex;
		}
		catch (TransientIamFailure ex) {
			lastExchange = new BaseExchange(clock.instant(), false, ex.error().code());
			throw ex;
		}
	}

	private IssuedToken exchange() {
		IamProperties.ComputeResource resource = properties.computeResource();
		Map<String, String> form;
		String what;
		if (properties.apiKey() != null) {
			form = Map.of("grant_type", IamTokenEndpoint.APIKEY, "apikey", properties.apiKey());
			what = "the broker's API key (broker.iam.api-key)";
		}
		else {
			Path file = resource.tokenFile();
			String profile = resource.profileId() != null ? "profile_id" : "profile_name";
			String profileValue = resource.profileId() != null ? resource.profileId() : resource.profileName();
			form = Map.of("grant_type", IamTokenEndpoint.CR_TOKEN, "cr_token", computeResourceToken(file), profile,
					profileValue);
			what = "the compute resource token in " + file + " for trusted profile " + profileValue
					+ " (broker.iam.compute-resource.*)";
		}
		try {
			IssuedToken token = endpoint.exchange(form);
			log.debug("IAM issued a token for {}: {}", what, token);
			return token;
		}
		catch (IamTokenEndpoint.Refused ex) {
			throw new SubmissionRefused(new IamError(ex.status(), IamTransport.TOKEN_REQUEST_FAILED,
					"IAM did not issue a token for " + what + ": " + ex.code() + " " + ex.iamMessage(), null));
		}
		catch (IamTokenEndpoint.Unavailable ex) {
			throw new TransientIamFailure(new IamError(ex.status(), IamTransport.TOKEN_REQUEST_FAILED,
					"IAM token endpoint issued no token for " + what + ": " + ex.getMessage(), null), null);
		}
	}

	/**
	 * The compute resource token, read again at every exchange: the kubelet rotates it.
	 */
	private static String computeResourceToken(@Nullable Path file) {
		String token;
		try {
			token = file == null ? "" : Files.readString(file, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new SubmissionRefused(new IamError(null, TOKEN_FILE_UNREADABLE,
					"The compute resource token file " + file
							+ " (broker.iam.compute-resource.token-file) cannot be read: "
							+ ex.getClass().getSimpleName() + "; mount the projected service account token there",
					null));
		}
		if (token.isEmpty()) {
			throw new SubmissionRefused(new IamError(null, TOKEN_FILE_UNREADABLE,
					"The compute resource token file " + file
							+ " (broker.iam.compute-resource.token-file) is empty; mount the projected service "
							+ "account token there",
					null));
		}
		return token;
	}

	/**
	 * One exchange of the base identity at IAM's token endpoint.
	 *
	 * @param issued whether IAM issued a token
	 * @param errorCode why not, as an error code (no message: health may show it)
	 */
	record BaseExchange(Instant at, boolean issued, @Nullable String errorCode) {
	}

}

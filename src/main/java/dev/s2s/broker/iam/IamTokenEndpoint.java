package dev.s2s.broker.iam;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * IAM's token endpoint ({@code POST /identity/token}, IAM Identity's token API): one
 * exchange of a credential for an access token, never retried, counted as
 * {@code s2s.iam.token.exchanges} by grant type and outcome. IAM's refusals
 * ({@code OidcExceptionResponse}: {@code errorCode}, {@code errorMessage}) are
 * {@link Refused}; 429, 5xx and no answer are {@link Unavailable}.
 */
class IamTokenEndpoint {

	static final String APIKEY = "urn:ibm:params:oauth:grant-type:apikey";

	static final String ASSUME = "urn:ibm:params:oauth:grant-type:assume";

	static final String CR_TOKEN = "urn:ibm:params:oauth:grant-type:cr-token";

	/**
	 * The share of a token's lifetime after which it is replaced: IBM's SDKs refresh at
	 * 80%, so a token never reaches IAM about to expire.
	 */
	private static final double REFRESH_AT = 0.8;

	private final RestClient http;

	private final JsonMapper json;

	private final Clock clock;

	private final MeterProvider<Counter> exchanges;

	IamTokenEndpoint(RestClient http, JsonMapper json, Clock clock, MeterRegistry meters) {
		this.http = http;
		this.json = json;
		this.clock = clock;
		this.exchanges = Counter.builder("s2s.iam.token.exchanges")
			.description("Exchanges with IAM's token endpoint, by grant type (apikey, cr-token, assume) and outcome "
					+ "(success, refused, failed)")
			.withRegistry(meters);
	}

	/**
	 * One token request.
	 * @param form the grant: {@code grant_type} and its parameters
	 * @throws Refused when IAM refuses the grant (4xx but 429)
	 * @throws Unavailable when IAM answers 429 or 5xx, or nothing
	 */
	IssuedToken exchange(Map<String, String> form) {
		String grantType = form.get("grant_type");
		String grant = grantType.substring(grantType.lastIndexOf(':') + 1);
		MultiValueMap<String, String> body = new LinkedMultiValueMap<>();
		form.forEach(body::add);
		Instant sent = clock.instant();
		Reply reply;
		try {
			reply = http.post()
				.uri("/identity/token")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange((request, response) -> new Reply(response.getStatusCode().value(),
						read(response.getBody().readAllBytes())));
		}
		catch (ResourceAccessException ex) {
			count(grant, "failed");
			throw new Unavailable(null, IamTransport.rootMessage(ex));
		}
		if (reply.status() == 200 && reply.body().path("access_token").isString()) {
			count(grant, "success");
			return issued(reply.body(), sent);
		}
		String code = reply.body().path("errorCode").asString("http_" + reply.status());
		String message = reply.body().path("errorMessage").asString("");
		if (reply.status() == 429 || reply.status() >= 500 || reply.status() == 200) {
			count(grant, "failed");
			throw new Unavailable(reply.status(), code + (message.isEmpty() ? "" : " " + message));
		}
		count(grant, "refused");
		throw new Refused(reply.status(), code, message);
	}

	private void count(String grant, String outcome) {
		exchanges.withTags("grant_type", grant, "outcome", outcome).increment();
	}

	private JsonNode read(byte[] bytes) {
		try {
			return bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
		}
		catch (JacksonException ex) {
			return json.createObjectNode();
		}
	}

	/**
	 * The token IAM issued, with the identity and account its claims name (IAM's access
	 * tokens are JWTs: {@code iam_id}, {@code account.bss}).
	 */
	private IssuedToken issued(JsonNode answer, Instant sent) {
		String token = answer.path("access_token").asString();
		JsonNode claims = claims(token);
		long lifetime = answer.path("expires_in").asLong(0);
		Instant expires = answer.path("expiration").isNumber()
				? Instant.ofEpochSecond(answer.path("expiration").asLong()) : claims.path("exp").isNumber()
						? Instant.ofEpochSecond(claims.path("exp").asLong()) : sent.plusSeconds(lifetime);
		if (lifetime <= 0) {
			lifetime = Math.max(0, Duration.between(sent, expires).toSeconds());
		}
		Instant refresh = sent.plusMillis((long) (lifetime * 1000 * REFRESH_AT));
		if (refresh.isAfter(expires)) {
			refresh = expires;
		}
		String account = claims.path("account").path("bss").asString(null);
		return new IssuedToken(token, claims.path("iam_id").asString("unknown"), account, expires, refresh);
	}

	private JsonNode claims(String token) {
		String[] parts = token.split("\\.");
		if (parts.length < 2) {
			return json.createObjectNode();
		}
		try {
			return read(Base64.getUrlDecoder().decode(parts[1]));
		}
		catch (IllegalArgumentException notBase64) {
			return json.createObjectNode();
		}
	}

	private record Reply(int status, JsonNode body) {
	}

	/**
	 * An access token IAM issued.
	 *
	 * @param iamId the identity it stands for ({@code iam_id})
	 * @param accountId the account it acts in ({@code account.bss}), if it names one
	 * @param refreshAt when to replace it
	 */
	record IssuedToken(String value, String iamId, @Nullable String accountId, Instant expiresAt, Instant refreshAt) {

		boolean fresh(Instant now) {
			return now.isBefore(refreshAt);
		}

		@Override
		public String toString() {
			return "IssuedToken[iamId=" + iamId + ", accountId=" + accountId + ", expiresAt=" + expiresAt + "]";
		}

	}

	/** IAM refused the grant: its status, {@code errorCode} and {@code errorMessage}. */
	static final class Refused extends RuntimeException {

		private final int status;

		private final String code;

		private final String iamMessage;

		Refused(int status, String code, String iamMessage) {
			super(status + " " + code + ": " + iamMessage, null, false, false);
			this.status = status;
			this.code = code;
			this.iamMessage = iamMessage;
		}

		int status() {
			return status;
		}

		String code() {
			return code;
		}

		String iamMessage() {
			return iamMessage;
		}

	}

	/** IAM issued no token now (429, 5xx, or no answer): worth asking again later. */
	static final class Unavailable extends RuntimeException {

		private final @Nullable Integer status;

		Unavailable(@Nullable Integer status, String message) {
			super(message, null, false, false);
			this.status = status;
		}

		@Nullable Integer status() {
			return status;
		}

	}

}

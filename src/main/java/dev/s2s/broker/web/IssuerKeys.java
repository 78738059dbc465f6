package dev.s2s.broker.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys (its JWKS), fetched from {@code jwk-set-uri}, kept for
 * {@link #TTL}, and fetched again for a key id they lack at most once per
 * {@link #MIN_REFRESH_INTERVAL}: a token with an unknown {@code kid} costs the issuer
 * nothing more than that, however many arrive (issue 19: 50 forged tokens, 50 fetches).
 * Such a token is refused (401) as one no key verifies. Keys that cannot be fetched while
 * none are kept make tokens unverifiable ({@link KeySourceException}: a 503 to repeat
 * later); once fetched, keys are kept through an outage of the issuer.
 */
final class IssuerKeys implements JWKSource<SecurityContext> {

	private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);

	static final Duration TTL = Duration.ofMinutes(5);

	static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final URI uri;

	private final HttpClient http;

	private final Clock clock;

	private @Nullable JWKSet keys;

	private @Nullable Instant fetchedAt;

	private @Nullable Instant triedAt;

	IssuerKeys(URI uri, Clock clock) {
		this.uri = uri;
		this.clock = clock;
		this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
	}

	@Override
	public synchronized List<JWK> get(JWKSelector selector, @Nullable SecurityContext context)
			throws KeySourceException {
		Instant now = clock.instant();
		if (keys == null || fetchedAt == null || !now.isBefore(fetchedAt.plus(TTL))) {
			fetch(now, keys == null);
		}
		List<JWK> selected = selector.select(keys);
		if (selected.isEmpty() && (triedAt == null || !now.isBefore(triedAt.plus(MIN_REFRESH_INTERVAL)))) {
			// A key the issuer may have added since: asked at most once per interval.
			fetch(now, false);
			selected = selector.select(keys);
		}
		return selected;
	}

	/**
	 * Fetches the key set; a failure keeps the keys held, unless there are none and
	 * {@code required}.
	 */
	private void fetch(Instant now, boolean required) throws KeySourceException {
		triedAt = now;
		try {
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri)
				.timeout(TIMEOUT)
				.header("Accept", "application/json, application/jwk-set+json")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 200) {
				throw new IOException("the issuer's key set answered " + answer.statusCode());
			}
			keys = JWKSet.parse(answer.body());
			fetchedAt = now;
		}
		catch (IOException | ParseException ex) {
			failed(required, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failed(required, ex);
		}
	}

	private void failed(boolean required, Exception ex) throws KeySourceException {
		if (required || keys == null) {
			throw new KeySourceException("The issuer's signing keys cannot be fetched from " + uri + ": " + ex, ex);
		}
		log.warn("The issuer's signing keys cannot be fetched from {} ({}); the keys fetched before are kept", uri,
				ex.toString());
	}

}

package dev.s2s.broker.idempotency.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.s2s.broker.access.Access;
import dev.s2s.broker.idempotency.IdempotencyKeys;
import dev.s2s.broker.idempotency.IdempotencyProperties;
import dev.s2s.broker.refusal.FieldAtFault;
import dev.s2s.broker.web.CachedBodyRequest;
import dev.s2s.broker.web.Problems;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The {@code Idempotency-Key} request header (IETF
 * draft-ietf-httpapi-idempotency-key-header) on every POST of the API: a repeat of a
 * request with the same key and the same content gets the first response again, without
 * new work; the same key with other content is refused (422); a repeat while the first is
 * still being processed is refused (409). Keys are scoped per caller, by the identity
 * access rules are decided by ({@code iam_id}): another caller's key, even with the same
 * {@code sub}, never replays an answer it was not given.
 * <p>
 * A key is an RFC 8941 string, {@code "…"}; the quotes are optional and not part of the
 * key, so {@code "k1"} and {@code k1} are the same key.
 */
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	private static final Pattern VALID_KEY = Pattern.compile("^(\"?)([\\x21\\x23-\\x7e]{1,255})\\1$");

	private static final List<String> REPLAYED_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION,
			HttpHeaders.CONTENT_LOCATION, "Preference-Applied");

	private final IdempotencyKeys keys;

	private final IdempotencyProperties properties;

	private final JsonMapper json;

	private final Access access;

	IdempotencyFilter(IdempotencyKeys keys, IdempotencyProperties properties, JsonMapper json, Access access) {
		this.keys = keys;
		this.access = access;
		this.properties = properties;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
				|| !request.getRequestURI().startsWith("/v1/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Matcher valid = VALID_KEY.matcher(request.getHeader(HEADER));
		if (!valid.matches()) {
			problem(response, HttpStatus.BAD_REQUEST, "Invalid request",
					"Idempotency-Key must be 1 to 255 visible ASCII characters other than \", optionally in double quotes",
					"invalid-request", HEADER);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(properties.maxBodyBytes() + 1);
		if (body.length > properties.maxBodyBytes()) {
			problem(response, HttpStatus.CONTENT_TOO_LARGE, "Request too large",
					"The body exceeds " + properties.maxBodyBytes() + " bytes", "request-too-large", "body");
			return;
		}
		String key = valid.group(2);
		String caller = access.caller().id();
		IdempotencyKeys.Claim claim = keys.claim(caller, key, fingerprint(request, body));
		if (claim instanceof IdempotencyKeys.Claim.Answered answered) {
			replay(answered, response);
			return;
		}
		if (claim instanceof IdempotencyKeys.Claim.Mismatch) {
			problem(response, HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused",
					"This Idempotency-Key was used for a different request", "idempotency-key-reused", HEADER);
			return;
		}
		if (claim instanceof IdempotencyKeys.Claim.InFlight) {
			problem(response, HttpStatus.CONFLICT, "Request in progress",
					"The first request with this Idempotency-Key is still being processed; repeat it later",
					"idempotency-key-in-flight", HEADER);
			return;
		}
		ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
		boolean answered = false;
		try {
			chain.doFilter(new CachedBodyRequest(request, body), recorded);
			answered = recorded.getStatus() < 500;
		}
		finally {
			if (answered) {
				Map<String, String> headers = new LinkedHashMap<>();
				REPLAYED_HEADERS.forEach(name -> {
					String value = recorded.getHeader(name);
					if (value != null) {
						headers.put(name, value);
					}
				});
				keys.complete(caller, key, recorded.getStatus(), headers,
						new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8));
			}
			else {
				// A failure of the broker is not an answer to keep: the caller may repeat
				// the request.
				keys.forget(caller, key);
			}
			recorded.copyBodyToResponse();
		}
	}

	private static void replay(IdempotencyKeys.Claim.Answered answered, HttpServletResponse response)
			throws IOException {
		response.setStatus(answered.status());
		answered.headers().forEach(response::setHeader);
		response.setHeader("Idempotent-Replayed", "true");
		byte[] body = answered.body() == null ? new byte[0] : answered.body().getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private void problem(HttpServletResponse response, HttpStatus status, String title, String detail, String type,
			String field) throws IOException {
		Problems.write(response, json,
				Problems.of(status, title, detail, type, List.of(new FieldAtFault(field, detail))));
	}

	private static String fingerprint(HttpServletRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((request.getMethod() + " " + request.getRequestURI() + "?"
					+ (request.getQueryString() == null ? "" : request.getQueryString()) + "\n")
				.getBytes(StandardCharsets.UTF_8));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
		}
	}

}

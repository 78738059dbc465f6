package dev.s2s.broker.idempotency;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

import dev.s2s.broker.persistence.Timestamps;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * The idempotency keys seen, per caller, with the first response to each. The filter in
 * {@code idempotency.web} claims a key before a request is processed, then completes it
 * with the answer or forgets it.
 */
@Repository
public class IdempotencyKeys {

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private final JdbcClient db;

	private final JsonMapper json;

	private final Timestamps time;

	private final IdempotencyProperties properties;

	IdempotencyKeys(JdbcClient db, JsonMapper json, Timestamps time, IdempotencyProperties properties) {
		this.db = db;
		this.json = json;
		this.time = time;
		this.properties = properties;
	}

	/** What a request with a key finds. */
	public sealed interface Claim {

		/**
		 * The key is new (or its old use lapsed): process the request, then
		 * {@link #complete}.
		 */
		record First() implements Claim {
		}

		/** The same request was answered before: replay that answer. */
		record Answered(int status, Map<String, String> headers, String body) implements Claim {
		}

		/** The key was used for a different request. */
		record Mismatch() implements Claim {
		}

		/** The first request with this key is still being processed. */
		record InFlight() implements Claim {
		}

	}

	public Claim claim(String caller, String key, String fingerprint) {
		OffsetDateTime now = time.now();
		if (insert(caller, key, fingerprint, now)) {
			return new Claim.First();
		}
		Optional<Claim> existing = db.sql("""
				select fingerprint, state, response_status, response_headers, response_body, created_at, expires_at
				from idempotency_keys where caller = ? and idempotency_key = ?""")
			.params(caller, key)
			.query((rs, n) -> {
				boolean lapsed = rs.getObject("expires_at", OffsetDateTime.class).isBefore(now)
						|| ("PROCESSING".equals(rs.getString("state"))
								&& rs.getObject("created_at", OffsetDateTime.class)
									.isBefore(now.minus(properties.processingTimeout())));
				if (lapsed) {
					return null;
				}
				if (!rs.getString("fingerprint").equals(fingerprint)) {
					return (Claim) new Claim.Mismatch();
				}
				if ("PROCESSING".equals(rs.getString("state"))) {
					return new Claim.InFlight();
				}
				return new Claim.Answered(rs.getInt("response_status"),
						json.readValue(rs.getString("response_headers"), HEADERS), rs.getString("response_body"));
			})
			.optional();
		if (existing.isPresent()) {
			return existing.get();
		}
		forget(caller, key);
		return insert(caller, key, fingerprint, now) ? new Claim.First() : new Claim.InFlight();
	}

	public void complete(String caller, String key, int status, Map<String, String> headers, String body) {
		db.sql("""
				update idempotency_keys set state = 'DONE', response_status = ?, response_headers = ?, response_body = ?
				where caller = ? and idempotency_key = ?""")
			.params(status, json.writeValueAsString(headers), body, caller, key)
			.update();
	}

	public void forget(String caller, String key) {
		db.sql("delete from idempotency_keys where caller = ? and idempotency_key = ?").params(caller, key).update();
	}

	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	void purgeExpired() {
		db.sql("delete from idempotency_keys where expires_at < ?").param(time.now()).update();
	}

	private boolean insert(String caller, String key, String fingerprint, OffsetDateTime now) {
		try {
			db.sql("""
					insert into idempotency_keys (caller, idempotency_key, fingerprint, state, created_at, expires_at)
					values (?, ?, ?, 'PROCESSING', ?, ?)""")
				.params(caller, key, fingerprint, now, now.plus(properties.retention()))
				.update();
			return true;
		}
		catch (DuplicateKeyException taken) {
			return false;
		}
	}

}

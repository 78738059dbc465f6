package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Claims on the embedded H2 (one instance, the no-setup default) in three statements: the
 * oldest free policies read, claimed by a batch update, their grants marked IN_PROGRESS.
 * The claim round's lock on {@code iam_budget} keeps rounds apart.
 */
@Repository
class H2Claims extends Claims {

	private final JdbcClient db;

	private final JdbcTemplate jdbc;

	H2Claims(JdbcClient db, JdbcTemplate jdbc, JsonMapper json) {
		super(json);
		this.db = db;
		this.jdbc = jdbc;
	}

	@Override
	boolean serves(String productName) {
		return "H2".equals(productName);
	}

	@Override
	List<PolicyClaim> claim(PolicyStatus status, String instance, OffsetDateTime until, int limit, OffsetDateTime now) {
		List<PolicyClaim> claims = db.sql("""
				select %s, %s from grant_policies
				where status = :status and (claimed_until is null or claimed_until < :now)
				  and (next_attempt_at is null or next_attempt_at <= :now)
				order by updated_at, grant_id, ordinal limit :limit""".formatted(COLUMNS, MODE))
			.param("status", status.name())
			.param("now", now)
			.param("limit", limit)
			.query(this::row)
			.list();
		if (!claims.isEmpty()) {
			jdbc.batchUpdate(
					"update grant_policies set claimed_by = ?, claimed_until = ? where grant_id = ? and ordinal = ?",
					claims.stream()
						.map(claim -> new Object[] { instance, until, claim.key().grantId(), claim.key().ordinal() })
						.toList());
			db.sql("update grants set status = :started, updated_at = :now where id in (:ids) and status = :recorded")
				.param("started", GrantStatus.IN_PROGRESS.name())
				.param("recorded", GrantStatus.PENDING.name())
				.param("now", now)
				.param("ids", claims.stream().map(claim -> claim.key().grantId()).distinct().toList())
				.update();
		}
		return claims;
	}

}

package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Claims on PostgreSQL in one round trip: the oldest free policies, found through
 * {@code grant_policies_pending (status, updated_at)} without sorting the backlog,
 * skipping rows another transaction holds ({@code for update skip locked}), claimed and
 * read back by one update, which also marks their grants IN_PROGRESS.
 */
@Repository
class PostgresClaims extends Claims {

	private final JdbcClient db;

	PostgresClaims(JdbcClient db, JsonMapper json) {
		super(json);
		this.db = db;
	}

	@Override
	boolean serves(String productName) {
		return "PostgreSQL".equals(productName);
	}

	/** {@code synchronous_commit} off for this transaction only. */
	@Override
	void commitWithoutWaitingForDisk() {
		db.sql("set local synchronous_commit to off").update();
	}

	@Override
	List<PolicyClaim> claim(PolicyStatus status, String instance, OffsetDateTime until, int limit, OffsetDateTime now) {
		return db.sql("""
				with claimed as (
				  update grant_policies set claimed_by = :instance, claimed_until = :until
				  where (grant_id, ordinal) in (
				    select grant_id, ordinal from grant_policies
				    where status = :status and (claimed_until is null or claimed_until < :now)
				      and (next_attempt_at is null or next_attempt_at <= :now)
				    order by updated_at, grant_id, ordinal limit :limit
				    for update skip locked)
				  returning %s, updated_at),
				started as (
				  update grants set status = :started, updated_at = :now
				  where id in (select grant_id from claimed) and status = :recorded)
				select claimed.*, g.mode from claimed join grants g on g.id = claimed.grant_id
				order by claimed.updated_at, claimed.grant_id, claimed.ordinal""".formatted(COLUMNS))
			.param("instance", instance)
			.param("until", until)
			.param("status", status.name())
			.param("now", now)
			.param("limit", limit)
			.param("started", GrantStatus.IN_PROGRESS.name())
			.param("recorded", GrantStatus.PENDING.name())
			.query(this::row)
			.list();
	}

}

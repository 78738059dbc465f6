package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.s2s.broker.persistence.Columns;
import dev.s2s.broker.persistence.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * What reading grants back from IAM found (drift), which grants are due for it, and
 * repairs.
 */
@Repository
class Verifications {

	private final JdbcClient db;

	private final Timestamps time;

	private final GrantStatuses statuses;

	Verifications(JdbcClient db, Timestamps time, GrantStatuses statuses) {
		this.db = db;
		this.time = time;
		this.statuses = statuses;
	}

	/**
	 * Records what a verification found for each policy, and derives the grant's status
	 * from it.
	 */
	@Transactional
	OffsetDateTime record(UUID grantId, List<GrantVerification.PolicyVerification> policies) {
		OffsetDateTime now = time.now();
		for (GrantVerification.PolicyVerification policy : policies) {
			db.sql("update grant_policies set drift = ?, drift_detail = ? where grant_id = ? and ordinal = ?")
				.params(policy.drift().name(), Columns.fit(policy.detail(), 2000), grantId, policy.ordinal())
				.update();
		}
		db.sql("update grants set verified_at = ? where id = ?").params(now, grantId).update();
		statuses.refresh(grantId, now);
		return now;
	}

	/**
	 * Puts the policies a verification found missing back to PENDING, to be created
	 * again.
	 */
	@Transactional
	int repair(UUID grantId) {
		OffsetDateTime now = time.now();
		int repaired = db.sql("""
				update grant_policies set status = :status, drift = null, drift_detail = null, updated_at = :now
				where grant_id = :grant and drift in (:drifts)""")
			.param("status", PolicyTransitions.repaired().name())
			.param("now", now)
			.param("grant", grantId)
			.param("drifts", PolicyTransitions.REPAIRED.stream().map(Drift::name).toList())
			.update();
		statuses.refresh(grantId, now);
		return repaired;
	}

	/** Live grants to verify next: those verified longest ago (or never) first. */
	List<UUID> due(int count) {
		return db.sql("""
				select id from grants where status in (:verifiable)
				order by verified_at nulls first, created_at limit :count""")
			.param("verifiable",
					Arrays.stream(GrantStatus.values())
						.filter(GrantStatus::isVerifiable)
						.map(GrantStatus::name)
						.toList())
			.param("count", count)
			.query(UUID.class)
			.list();
	}

}

package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A grant's status, derived from its policies whenever one of them changes. Shared by the
 * grant records, the work queue and verification, so the rule lives in one place
 * ({@link GrantStatus#of}).
 */
@Repository
class GrantStatuses {

	private final JdbcClient db;

	GrantStatuses(JdbcClient db) {
		this.db = db;
	}

	/**
	 * Locks the grant's row for the rest of the transaction, so two workers finishing two
	 * policies of one grant at once cannot both derive from a stale view.
	 */
	LockedGrant lock(UUID grantId) {
		return db.sql("select status, revoke_requested_at from grants where id = ? for update")
			.param(grantId)
			.query((rs, n) -> new LockedGrant(GrantStatus.valueOf(rs.getString("status")),
					rs.getObject("revoke_requested_at") != null))
			.single();
	}

	/**
	 * Derives the grant's status from its policies (locking the grant first). A grant
	 * that succeeds is confirmed when its last policy was: IAM served them all by then.
	 */
	void refresh(UUID grantId, OffsetDateTime now) {
		boolean revoking = lock(grantId).revoking();
		List<PolicyStatus> statuses = new ArrayList<>();
		boolean[] tried = { false };
		boolean[] drifted = { false };
		boolean[] unconfirmed = { false };
		OffsetDateTime[] lastConfirmed = { null };
		db.sql("select status, attempts, drift, confirmed_at from grant_policies where grant_id = ?")
			.param(grantId)
			.query(rs -> {
				statuses.add(PolicyStatus.valueOf(rs.getString("status")));
				tried[0] |= rs.getInt("attempts") > 0;
				drifted[0] |= Drift.MISSING.name().equals(rs.getString("drift"))
						|| Drift.CHANGED.name().equals(rs.getString("drift"))
						|| Drift.ROLES_MISSING.name().equals(rs.getString("drift"));
				OffsetDateTime confirmed = rs.getObject("confirmed_at", OffsetDateTime.class);
				unconfirmed[0] |= confirmed == null;
				if (confirmed != null && (lastConfirmed[0] == null || confirmed.isAfter(lastConfirmed[0]))) {
					lastConfirmed[0] = confirmed;
				}
			});
		GrantStatus status = GrantStatus.of(statuses, tried[0], revoking, drifted[0]);
		OffsetDateTime confirmedAt = status == GrantStatus.SUCCEEDED && !unconfirmed[0] ? lastConfirmed[0] : null;
		db.sql("update grants set status = ?, updated_at = ?, confirmed_at = coalesce(?, confirmed_at) where id = ?")
			.params(status.name(), now, confirmedAt, grantId)
			.update();
	}

	/** A grant as it stands under its row lock. */
	record LockedGrant(GrantStatus status, boolean revoking) {
	}

}

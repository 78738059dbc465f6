package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.s2s.broker.iam.IamAttempt;
import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.persistence.Columns;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The attempt log: every exchange with IAM about a grant's policy, as IAM answered it
 * ({@code submission_attempts}), and each policy's count of them. Records only; what an
 * answer means for the policy is decided elsewhere.
 */
@Repository
class SubmissionAttempts {

	private final JdbcClient db;

	private final JdbcTemplate jdbc;

	SubmissionAttempts(JdbcClient db, JdbcTemplate jdbc) {
		this.db = db;
		this.jdbc = jdbc;
	}

	/** Records one exchange of a read that claims nothing (verification). */
	@Transactional
	void record(PolicyKey policy, IamAttempt attempt) {
		record(policy, List.of(attempt), null);
	}

	/**
	 * Records exchanges, in one batch, and extends the policy's claim to
	 * {@code claimUntil} unless it is null, so a long submission keeps its policy.
	 */
	@Transactional
	void record(PolicyKey policy, List<IamAttempt> attempts, @Nullable OffsetDateTime claimUntil) {
		if (attempts.isEmpty()) {
			return;
		}
		insert(policy, attempts);
		if (claimUntil == null) {
			db.sql("update grant_policies set attempts = attempts + ? where grant_id = ? and ordinal = ?")
				.params(attempts.size(), policy.grantId(), policy.ordinal())
				.update();
		}
		else {
			db.sql("""
					update grant_policies set attempts = attempts + ?, claimed_until = ?
					where grant_id = ? and ordinal = ?""")
				.params(attempts.size(), claimUntil, policy.grantId(), policy.ordinal())
				.update();
		}
	}

	/**
	 * Inserts exchanges in the caller's transaction, leaving the policy's count to the
	 * caller's update of its row.
	 */
	void insert(PolicyKey policy, List<IamAttempt> attempts) {
		if (attempts.isEmpty()) {
			return;
		}
		jdbc.batchUpdate("""
				insert into submission_attempts (grant_id, ordinal, operation, transaction_id, started_at, duration_ms,
				  http_status, error_code, error_message, iam_trace, iam_id)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", attempts.stream().map(attempt -> {
			IamError error = attempt.error();
			return new Object[] { policy.grantId(), policy.ordinal(), attempt.operation(), attempt.transactionId(),
					attempt.startedAt().atOffset(ZoneOffset.UTC), attempt.duration().toMillis(), attempt.httpStatus(),
					error == null ? null : error.code(), error == null ? null : Columns.fit(error.message(), 2000),
					error == null ? null : Columns.fit(error.trace(), 128), Columns.fit(attempt.iamId(), 256) };
		}).toList());
	}

	/** Every exchange about a grant's policies, in the order they were recorded. */
	List<SubmissionAttempt> of(UUID grantId) {
		return db.sql("select * from submission_attempts where grant_id = ? order by id")
			.param(grantId)
			.query((rs, n) -> new SubmissionAttempt(rs.getInt("ordinal"), rs.getString("operation"),
					rs.getString("transaction_id"), rs.getObject("started_at", OffsetDateTime.class),
					rs.getLong("duration_ms"), (Integer) rs.getObject("http_status"), rs.getString("error_code"),
					rs.getString("error_message"), rs.getString("iam_trace"), rs.getString("iam_id")))
			.list();
	}

}

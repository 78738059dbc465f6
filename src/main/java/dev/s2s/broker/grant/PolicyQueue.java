package dev.s2s.broker.grant;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.s2s.broker.iam.IamAttempt;
import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.iam.SubmissionOutcome;
import dev.s2s.broker.persistence.Columns;
import dev.s2s.broker.persistence.Timestamps;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The work queue: policies waiting to be created in IAM ({@code PENDING}) or deleted from
 * it ({@code DELETING}), claimed by one worker at a time with a lapsing claim, deferred
 * while they back off, released, paused for every instance while IAM asks for it, and
 * given their outcome (as {@link PolicyTransitions} decides it). Only the database hands
 * work from the API to the workers, so nothing recorded is lost on a restart, and a
 * stopped instance's claims lapse to the next one.
 */
@Repository
class PolicyQueue {

	private final JdbcClient db;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Timestamps time;

	private final GrantStatuses statuses;

	private final SubmissionAttempts attempts;

	private final List<Claims> dialects;

	/** The claims of the database in use, once known. */
	private volatile @Nullable Claims claims;

	PolicyQueue(JdbcClient db, JdbcTemplate jdbc, JsonMapper json, Timestamps time, GrantStatuses statuses,
			SubmissionAttempts attempts, List<Claims> dialects) {
		this.db = db;
		this.jdbc = jdbc;
		this.json = json;
		this.time = time;
		this.statuses = statuses;
		this.attempts = attempts;
		this.dialects = List.copyOf(dialects);
	}

	/**
	 * Claims one policy waiting for IAM, as {@link #claim} does, with no budget but the
	 * shared back-off.
	 */
	@Transactional
	Optional<PolicyClaim> claimNext(String instance, OffsetDateTime until) {
		return claim(instance, until, 1, Integer.MAX_VALUE).claims().stream().findFirst();
	}

	/**
	 * One claim round: up to {@code wanted} policies waiting for IAM whose claim is free
	 * or has lapsed and whose back-off ({@link #defer}) is over, claimed for
	 * {@code instance} until {@code until}, policies to delete before policies to create,
	 * each the oldest first. Deletions go first because a revoke takes away access that
	 * is live until its DELETE is sent (issue 13).
	 *
	 * <p>
	 * The round locks the {@code iam_budget} row first, so claim rounds of every instance
	 * sharing the database run one at a time and the live claims it counts are all there
	 * are: it claims no more than {@code clusterBudget} less those (every claimed policy
	 * is at most one exchange with IAM at a time). While a back-off a 429 asked of any
	 * instance is in force ({@link #pauseAll}), it claims nothing. A policy in back-off
	 * holds no claim, so it takes no share of the budget.
	 */
	@Transactional
	ClaimRound claim(String instance, OffsetDateTime until, int wanted, int clusterBudget) {
		claims().commitWithoutWaitingForDisk();
		OffsetDateTime now = time.now();
		OffsetDateTime paused = db.sql("select paused_until from iam_budget where id = 1 for update")
			.query((rs, n) -> rs.getObject("paused_until", OffsetDateTime.class))
			.optional()
			.orElse(null);
		if (paused != null && paused.isAfter(now)) {
			return new ClaimRound(List.of(), paused, false, null);
		}
		int room = wanted;
		if (clusterBudget < Integer.MAX_VALUE) {
			long live = db.sql("""
					select count(*) from grant_policies
					where status in (:waiting) and claimed_until >= :now""")
				.param("waiting", PolicyTransitions.names(PolicyTransitions.WAITING))
				.param("now", now)
				.query(Long.class)
				.single();
			room = (int) Math.min(wanted, Math.max(0, clusterBudget - live));
			if (room == 0) {
				return new ClaimRound(List.of(), null, true, null);
			}
		}
		List<PolicyClaim> claimed = new ArrayList<>();
		for (PolicyStatus status : PolicyTransitions.WAITING) {
			if (claimed.size() < room) {
				claimed.addAll(claims().claim(status, instance, until, room - claimed.size(), now));
			}
		}
		OffsetDateTime nextDue = claimed.size() < room ? nextDue(now) : null;
		return new ClaimRound(claimed, null, false, nextDue);
	}

	/** When the first policy now in back-off may be claimed, if any is. */
	private @Nullable OffsetDateTime nextDue(OffsetDateTime now) {
		return db.sql("""
				select min(next_attempt_at) from grant_policies
				where next_attempt_at > :now and status in (:waiting)""")
			.param("now", now)
			.param("waiting", PolicyTransitions.names(PolicyTransitions.WAITING))
			.query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
			.optional()
			.orElse(null);
	}

	/**
	 * Shares the back-off IAM asked of one instance (a 429's {@code Retry-After}) with
	 * every instance: none claims new work before {@code until}. A later pause already
	 * shared stands.
	 */
	void pauseAll(OffsetDateTime until) {
		db.sql("update iam_budget set paused_until = ? where id = 1 and (paused_until is null or paused_until < ?)")
			.params(until, until)
			.update();
	}

	/**
	 * Records how a claimed policy's submission (or deletion) ended, gives up the claim,
	 * and derives the grant's status.
	 */
	@Transactional
	void recordOutcome(PolicyKey policy, SubmissionOutcome outcome) {
		recordOutcome(policy, outcome, List.of());
	}

	/**
	 * Records how a claimed policy's submission ended, as {@link PolicyTransitions#after}
	 * decides, with the exchanges not recorded yet that led to it, in one transaction.
	 */
	@Transactional
	void recordOutcome(PolicyKey policy, SubmissionOutcome outcome, List<IamAttempt> exchanges) {
		claims().commitWithoutWaitingForDisk();
		attempts.insert(policy, exchanges);
		PolicyTransitions.Recorded recorded = PolicyTransitions.after(outcome);
		IamError error = recorded.error();
		OffsetDateTime now = time.now();
		var update = db
			.sql("""
					update grant_policies set status = :status, claimed_by = null, claimed_until = null, updated_at = :now,
					  attempts = attempts + :attempts, next_attempt_at = null, transient_failures = 0"""
					+ (recorded.iamPolicyId() == null ? "" : ", iam_policy_id = :policyId")
					+ (recorded.addedRoles() == null ? "" : ", added_roles = :addedRoles")
					+ (recorded.confirmed() ? ", confirmed_at = :now" : "")
					+ (recorded.created() ? ", created_by_grant = true" : "")
					+ (error == null ? ""
							: """
									, last_error_status = :errorStatus, last_error_code = :errorCode, last_error_message = :errorMessage,
									  last_error_trace = :errorTrace""")
					+ " where grant_id = :grant and ordinal = :ordinal")
			.param("status", recorded.status().name())
			.param("now", now)
			.param("attempts", exchanges.size())
			.param("grant", policy.grantId())
			.param("ordinal", policy.ordinal());
		if (recorded.iamPolicyId() != null) {
			update = update.param("policyId", recorded.iamPolicyId());
		}
		if (recorded.addedRoles() != null) {
			update = update.param("addedRoles", json.writeValueAsString(recorded.addedRoles()));
		}
		if (error != null) {
			update = update.param("errorStatus", error.status())
				.param("errorCode", error.code())
				.param("errorMessage", Columns.fit(error.message(), 2000))
				.param("errorTrace", Columns.fit(error.trace(), 128));
		}
		update.update();
		statuses.refresh(policy.grantId(), now);
	}

	/**
	 * Gives a claimed policy back after an attempt that failed transiently, with the
	 * exchanges not recorded yet: no instance claims it before {@code nextAttemptAt}, and
	 * meanwhile it holds no claim, so it takes no share of the cluster's budget (issue
	 * 11). Its transient failures are counted, so that its attempts stay bounded
	 * whichever instance makes the next.
	 */
	@Transactional
	void defer(PolicyKey policy, List<IamAttempt> exchanges, OffsetDateTime nextAttemptAt, boolean counted) {
		claims().commitWithoutWaitingForDisk();
		attempts.insert(policy, exchanges);
		db.sql("""
				update grant_policies set claimed_by = null, claimed_until = null, next_attempt_at = ?,
				  transient_failures = transient_failures + ?, attempts = attempts + ?
				where grant_id = ? and ordinal = ?""")
			.params(nextAttemptAt, counted ? 1 : 0, exchanges.size(), policy.grantId(), policy.ordinal())
			.update();
	}

	/** Gives a claimed policy back untouched, for another worker to take at once. */
	void release(PolicyKey policy) {
		db.sql("update grant_policies set claimed_by = null, claimed_until = null where grant_id = ? and ordinal = ?")
			.params(policy.grantId(), policy.ordinal())
			.update();
	}

	/**
	 * Gives back every claim an earlier run of this same instance held: that run is gone.
	 */
	int releaseAll(String instance) {
		return db.sql("update grant_policies set claimed_by = null, claimed_until = null where claimed_by = ?")
			.param(instance)
			.update();
	}

	/** How many policies wait, and how long the oldest has waited, for metrics. */
	Backlog backlog() {
		OffsetDateTime now = time.now();
		return db.sql("select count(*) as n, min(updated_at) as oldest from grant_policies where status in (:waiting)")
			.param("waiting", PolicyTransitions.names(PolicyTransitions.WAITING))
			.query((rs, n) -> {
				OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
				Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest, now);
				return new Backlog(rs.getLong("n"), age.isNegative() ? Duration.ZERO : age);
			})
			.single();
	}

	private Claims claims() {
		Claims known = claims;
		if (known == null) {
			String product = jdbc
				.execute((ConnectionCallback<String>) connection -> connection.getMetaData().getDatabaseProductName());
			known = dialects.stream()
				.filter(dialect -> dialect.serves(product))
				.findFirst()
				.orElseThrow(
						() -> new IllegalStateException("The work queue runs on PostgreSQL or H2, not " + product));
			claims = known;
		}
		return known;
	}

	/**
	 * What one claim round got.
	 *
	 * @param pausedUntil until when IAM asked the broker to send nothing new (a 429 seen
	 * by any instance), when that stopped the round; else null
	 * @param budgetSpent whether the cluster's budget was spent by live claims, when that
	 * stopped the round
	 * @param nextDue when it claimed fewer than it could: the earliest moment a policy in
	 * back-off ({@link PolicyQueue#defer}) becomes claimable, if any is; else null
	 */
	record ClaimRound(List<PolicyClaim> claims, @Nullable OffsetDateTime pausedUntil, boolean budgetSpent,
			@Nullable OffsetDateTime nextDue) {
	}

	/** The policies waiting for IAM, and the wait of the oldest. */
	record Backlog(long pending, Duration oldestAge) {
	}

}

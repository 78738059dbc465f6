package dev.s2s.broker.grant;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.s2s.broker.iam.IamAttempt;
import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.iam.SubmissionOutcome;
import dev.s2s.broker.persistence.Columns;
import dev.s2s.broker.persistence.Timestamps;
import dev.s2s.broker.recipe.PolicyDocument;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The work queue: policies waiting to be created in IAM ({@code PENDING}) or deleted from
 * it ({@code DELETING}), claimed by one worker at a time with a lapsing claim, and the
 * outcome of each exchange. Only the database hands work from the API to the workers, so
 * nothing recorded is lost on a restart, and a stopped instance's claims lapse to the
 * next one.
 */
@Repository
class PolicyQueue {

	/** The order in which waiting work is claimed: deletions first. */
	private static final List<PolicyStatus> CLAIM_ORDER = List.of(PolicyStatus.DELETING, PolicyStatus.PENDING);

	private final JdbcClient db;

	private final JsonMapper json;

	private final Timestamps time;

	private final GrantStatuses statuses;

	private final JdbcTemplate jdbc;

	/** Whether the database is PostgreSQL (else H2), once asked. */
	private volatile @Nullable Boolean postgres;

	PolicyQueue(JdbcClient db, JdbcTemplate jdbc, JsonMapper json, Timestamps time, GrantStatuses statuses) {
		this.db = db;
		this.jdbc = jdbc;
		this.json = json;
		this.time = time;
		this.statuses = statuses;
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
					where status in ('PENDING', 'DELETING') and claimed_until >= ?""")
				.param(now)
				.query(Long.class)
				.single();
			room = (int) Math.min(wanted, Math.max(0, clusterBudget - live));
			if (room == 0) {
				return new ClaimRound(List.of(), null, true, null);
			}
		}
		List<PolicyClaim> claims = new ArrayList<>();
		for (PolicyStatus status : CLAIM_ORDER) {
			if (claims.size() < room) {
				claims.addAll(claim(status, instance, until, room - claims.size(), now));
			}
		}
		OffsetDateTime nextDue = claims.size() < room ? nextDue(now) : null;
		return new ClaimRound(claims.stream().map(this::marked).toList(), null, false, nextDue);
	}

	/** When the first policy now in back-off may be claimed, if any is. */
	private @Nullable OffsetDateTime nextDue(OffsetDateTime now) {
		return db.sql("""
				select min(next_attempt_at) from grant_policies
				where next_attempt_at > ? and status in ('PENDING', 'DELETING')""")
			.param(now)
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
	 * Claims up to {@code limit} policies of one status in one round trip on PostgreSQL:
	 * the oldest free ones, found through {@code grant_policies_pending (status,
	 * updated_at)} without sorting the backlog, skipping rows another transaction holds,
	 * claimed and read back by one update, which also marks their grants IN_PROGRESS. H2
	 * (the embedded default, one instance) gets the same in three statements.
	 */
	private List<PolicyClaim> claim(PolicyStatus status, String instance, OffsetDateTime until, int limit,
			OffsetDateTime now) {
		if (postgres()) {
			return db.sql("""
					with claimed as (
					  update grant_policies set claimed_by = :instance, claimed_until = :until
					  where (grant_id, ordinal) in (
					    select grant_id, ordinal from grant_policies
					    where status = :status and (claimed_until is null or claimed_until < :now)
					      and (next_attempt_at is null or next_attempt_at <= :now)
					    order by updated_at, grant_id, ordinal limit :limit
					    for update skip locked)
					  returning grant_id, ordinal, document, status, iam_policy_id, transient_failures, added_roles,
					    updated_at),
					started as (
					  update grants set status = 'IN_PROGRESS', updated_at = :now
					  where id in (select grant_id from claimed) and status = 'PENDING')
					select * from claimed order by updated_at, grant_id, ordinal""")
				.param("instance", instance)
				.param("until", until)
				.param("status", status.name())
				.param("now", now)
				.param("limit", limit)
				.query(this::claimRow)
				.list();
		}
		List<PolicyClaim> claims = db.sql("""
				select grant_id, ordinal, document, status, iam_policy_id, transient_failures, added_roles
				from grant_policies
				where status = :status and (claimed_until is null or claimed_until < :now)
				  and (next_attempt_at is null or next_attempt_at <= :now)
				order by updated_at, grant_id, ordinal limit :limit""")
			.param("status", status.name())
			.param("now", now)
			.param("limit", limit)
			.query(this::claimRow)
			.list();
		if (!claims.isEmpty()) {
			jdbc.batchUpdate(
					"update grant_policies set claimed_by = ?, claimed_until = ? where grant_id = ? and ordinal = ?",
					claims.stream()
						.map(claim -> new Object[] { instance, until, claim.key().grantId(), claim.key().ordinal() })
						.toList());
			db.sql("update grants set status = 'IN_PROGRESS', updated_at = :now where id in (:ids) and status = 'PENDING'")
				.param("now", now)
				.param("ids", claims.stream().map(claim -> claim.key().grantId()).distinct().toList())
				.update();
		}
		return claims;
	}

	private PolicyClaim claimRow(ResultSet rs, int row) throws SQLException {
		return new PolicyClaim(new PolicyKey(rs.getObject("grant_id", UUID.class), rs.getInt("ordinal")),
				json.readValue(rs.getString("document"), PolicyDocument.class),
				PolicyStatus.valueOf(rs.getString("status")), rs.getString("iam_policy_id"),
				rs.getInt("transient_failures"), roles(rs.getString("added_roles")));
	}

	private @Nullable List<String> roles(@Nullable String column) {
		return column == null ? null : List.of(json.readValue(column, String[].class));
	}

	/**
	 * Who else holds an IAM policy a grant's revoke is about to delete or give back: what
	 * a revoke must leave in it (issue 20).
	 */
	Sharing sharing(String iamPolicyId, UUID grantId) {
		List<String> roles = new ArrayList<>();
		db.sql("""
				select document from grant_policies
				where iam_policy_id = ? and grant_id <> ? and status in ('CREATED', 'EXISTED', 'EXTENDED')""")
			.params(iamPolicyId, grantId)
			.query(String.class)
			.list()
			.forEach(document -> json.readValue(document, PolicyDocument.class)
				.roles()
				.forEach(role -> roles.add(role.roleId())));
		boolean created = db.sql("select count(*) from grant_policies where iam_policy_id = ? and created_by_grant")
			.params(iamPolicyId)
			.query(Integer.class)
			.single() > 0;
		return new Sharing(List.copyOf(roles), created);
	}

	/**
	 * What other grants make of an IAM policy.
	 *
	 * @param rolesNeededElsewhere the roles the documents of the other live grants that
	 * hold it have (repeats possible): empty when no other live grant holds it
	 * @param createdByBroker whether some grant's submission created it, so that the
	 * broker deletes it once no live grant holds it
	 */
	record Sharing(List<String> rolesNeededElsewhere, boolean createdByBroker) {

		boolean heldElsewhere() {
			return !rolesNeededElsewhere.isEmpty();
		}

	}

	private boolean postgres() {
		Boolean known = postgres;
		if (known == null) {
			known = jdbc.execute((ConnectionCallback<Boolean>) connection -> "PostgreSQL"
				.equals(connection.getMetaData().getDatabaseProductName()));
			postgres = known;
		}
		return known;
	}

	/**
	 * The claim with its document described by its key's mark. Grants recorded before
	 * documents were marked (issue 13) get it now, written back before it is sent, so the
	 * recorded document stays exactly what IAM received.
	 */
	private PolicyClaim marked(PolicyClaim claim) {
		if (claim.document().description() != null || claim.isDeletion()) {
			return claim;
		}
		PolicyDocument document = claim.document().describedAs(claim.key().description());
		db.sql("update grant_policies set document = ? where grant_id = ? and ordinal = ?")
			.params(json.writeValueAsString(document), claim.key().grantId(), claim.key().ordinal())
			.update();
		return new PolicyClaim(claim.key(), document, claim.status(), claim.iamPolicyId(), claim.failedBefore(),
				claim.addedRoles());
	}

	/**
	 * Records one exchange with IAM and extends the claim (unless {@code claimUntil} is
	 * null, for reads that claim nothing), so a long retry keeps its policy.
	 */
	@Transactional
	void recordAttempt(PolicyKey policy, IamAttempt attempt, @Nullable OffsetDateTime claimUntil) {
		recordAttempts(policy, List.of(attempt), claimUntil);
	}

	/**
	 * Records exchanges with IAM, in one batch, and extends the claim unless
	 * {@code claimUntil} is null.
	 */
	@Transactional
	void recordAttempts(PolicyKey policy, List<IamAttempt> attempts, @Nullable OffsetDateTime claimUntil) {
		if (attempts.isEmpty()) {
			return;
		}
		insertAttempts(policy, attempts);
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

	private void insertAttempts(PolicyKey policy, List<IamAttempt> attempts) {
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

	/**
	 * Records how a claimed policy's submission (or deletion) ended, gives up the claim,
	 * and derives the grant's status. A policy created or adopted is recorded as
	 * confirmed now: the worker records those only once IAM serves them
	 * ({@link dev.s2s.broker.iam.PolicyConfirmation#confirm}).
	 */
	@Transactional
	void recordOutcome(PolicyKey policy, SubmissionOutcome outcome) {
		recordOutcome(policy, outcome, List.of());
	}

	/**
	 * Records how a claimed policy's submission ended, with the exchanges not recorded
	 * yet that led to it, in one transaction.
	 */
	@Transactional
	void recordOutcome(PolicyKey policy, SubmissionOutcome outcome, List<IamAttempt> attempts) {
		if (!attempts.isEmpty()) {
			insertAttempts(policy, attempts);
		}
		PolicyStatus status;
		String iamPolicyId = null;
		IamError error = null;
		String addedRoles = null;
		boolean confirmed = false;
		boolean created = false;
		if (outcome instanceof SubmissionOutcome.Created made) {
			status = PolicyStatus.CREATED;
			iamPolicyId = made.policyId();
			confirmed = true;
			created = true;
		}
		else if (outcome instanceof SubmissionOutcome.Existed existed) {
			status = PolicyStatus.EXISTED;
			iamPolicyId = existed.policyId();
			confirmed = true;
		}
		else if (outcome instanceof SubmissionOutcome.Extended extended) {
			status = PolicyStatus.EXTENDED;
			iamPolicyId = extended.policyId();
			addedRoles = json.writeValueAsString(extended.addedRoles());
			confirmed = true;
		}
		else if (outcome instanceof SubmissionOutcome.Restored) {
			status = PolicyStatus.RETAINED;
		}
		else if (outcome instanceof SubmissionOutcome.Deleted) {
			status = PolicyStatus.DELETED;
		}
		else if (outcome instanceof SubmissionOutcome.Failed failed) {
			status = PolicyStatus.FAILED;
			error = failed.error();
			iamPolicyId = failed.createdPolicyId();
			created = iamPolicyId != null;
		}
		else {
			throw new IllegalArgumentException("A deferral is not an outcome (see defer): " + outcome);
		}
		OffsetDateTime now = time.now();
		var update = db
			.sql("""
					update grant_policies set status = :status, claimed_by = null, claimed_until = null, updated_at = :now,
					  attempts = attempts + :attempts, next_attempt_at = null, transient_failures = 0"""
					+ (iamPolicyId == null ? "" : ", iam_policy_id = :policyId")
					+ (addedRoles == null ? "" : ", added_roles = :addedRoles")
					+ (confirmed ? ", confirmed_at = :now" : "") + (created ? ", created_by_grant = true" : "")
					+ (error == null ? ""
							: """
									, last_error_status = :errorStatus, last_error_code = :errorCode, last_error_message = :errorMessage,
									  last_error_trace = :errorTrace""")
					+ " where grant_id = :grant and ordinal = :ordinal")
			.param("status", status.name())
			.param("now", now)
			.param("attempts", attempts.size())
			.param("grant", policy.grantId())
			.param("ordinal", policy.ordinal());
		if (iamPolicyId != null) {
			update = update.param("policyId", iamPolicyId);
		}
		if (addedRoles != null) {
			update = update.param("addedRoles", addedRoles);
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
	void defer(PolicyKey policy, List<IamAttempt> attempts, OffsetDateTime nextAttemptAt) {
		if (!attempts.isEmpty()) {
			insertAttempts(policy, attempts);
		}
		db.sql("""
				update grant_policies set claimed_by = null, claimed_until = null, next_attempt_at = ?,
				  transient_failures = transient_failures + 1, attempts = attempts + ?
				where grant_id = ? and ordinal = ?""")
			.params(nextAttemptAt, attempts.size(), policy.grantId(), policy.ordinal())
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
		return db.sql(
				"select count(*) as n, min(updated_at) as oldest from grant_policies where status in ('PENDING', 'DELETING')")
			.query((rs, n) -> {
				OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
				Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest, now);
				return new Backlog(rs.getLong("n"), age.isNegative() ? Duration.ZERO : age);
			})
			.single();
	}

	record PolicyKey(UUID grantId, int ordinal) {

		/**
		 * The description the broker gives the IAM policy it creates for this key, e.g.
		 * {@code s2s-broker grant 0b7f…-… policy 2}: IAM keeps it, so when a later
		 * submission meets IAM's 409, the conflicting policy tells whether this grant's
		 * own earlier attempt made it (an answer lost to a crash or a timeout, issue 13)
		 * or someone else did. Unique per grant and ordinal, readable in the IAM console,
		 * well within IAM's 300 characters.
		 */
		String description() {
			return "s2s-broker grant " + grantId + " policy " + ordinal;
		}

	}

	/**
	 * A policy this instance now works on: to create ({@code PENDING}) or to delete
	 * ({@code DELETING}).
	 *
	 * @param failedBefore how many attempts at it failed transiently since its last
	 * outcome ({@link PolicyQueue#defer})
	 */
	record PolicyClaim(PolicyKey key, PolicyDocument document, PolicyStatus status, @Nullable String iamPolicyId,
			int failedBefore, @Nullable List<String> addedRoles) {

		PolicyClaim(PolicyKey key, PolicyDocument document, PolicyStatus status, @Nullable String iamPolicyId,
				int failedBefore) {
			this(key, document, status, iamPolicyId, failedBefore, null);
		}

		boolean isDeletion() {
			return status == PolicyStatus.DELETING;
		}

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

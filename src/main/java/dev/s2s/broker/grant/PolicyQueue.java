package dev.s2s.broker.grant;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

	PolicyQueue(JdbcClient db, JsonMapper json, Timestamps time, GrantStatuses statuses) {
		this.db = db;
		this.json = json;
		this.time = time;
		this.statuses = statuses;
	}

	/**
	 * Claims one policy waiting for IAM whose claim is free or has lapsed, for
	 * {@code instance} until {@code until}: a policy to delete before any policy to
	 * create, then the one waiting longest. Deletions go first because a revoke takes
	 * away access that is live until its DELETE is sent (issue 13: a revoke asked during
	 * a 5,000-intent onboarding waited 18 minutes behind the creations). The conditional
	 * update makes the claim safe when several workers (or broker instances) race for the
	 * same policy: only one update matches.
	 */
	Optional<PolicyClaim> claimNext(String instance, OffsetDateTime until) {
		OffsetDateTime now = time.now();
		for (PolicyStatus status : CLAIM_ORDER) {
			Optional<PolicyClaim> claim = claimNext(status, instance, until, now);
			if (claim.isPresent()) {
				return claim;
			}
		}
		return Optional.empty();
	}

	/**
	 * One query per status, each an equality on the leading column of
	 * {@code grant_policies_pending (status, updated_at)}, so the index yields the oldest
	 * first without sorting the backlog.
	 */
	private Optional<PolicyClaim> claimNext(PolicyStatus status, String instance, OffsetDateTime until,
			OffsetDateTime now) {
		List<PolicyKey> candidates = db.sql("""
				select grant_id, ordinal from grant_policies
				where status = :status and (claimed_until is null or claimed_until < :now)
				order by updated_at, grant_id, ordinal limit 8""")
			.param("status", status.name())
			.param("now", now)
			.query((rs, n) -> new PolicyKey(rs.getObject("grant_id", UUID.class), rs.getInt("ordinal")))
			.list();
		for (PolicyKey candidate : candidates) {
			int claimed = db.sql("""
					update grant_policies set claimed_by = :instance, claimed_until = :until
					where grant_id = :grant and ordinal = :ordinal and status in ('PENDING', 'DELETING')
					  and (claimed_until is null or claimed_until < :now)""")
				.param("instance", instance)
				.param("until", until)
				.param("grant", candidate.grantId())
				.param("ordinal", candidate.ordinal())
				.param("now", now)
				.update();
			if (claimed == 1) {
				PolicyClaim claim = marked(db.sql(
						"select document, status, iam_policy_id from grant_policies where grant_id = ? and ordinal = ?")
					.params(candidate.grantId(), candidate.ordinal())
					.query((rs, n) -> new PolicyClaim(candidate,
							json.readValue(rs.getString("document"), PolicyDocument.class),
							PolicyStatus.valueOf(rs.getString("status")), rs.getString("iam_policy_id")))
					.single());
				db.sql("update grants set status = 'IN_PROGRESS', updated_at = ? where id = ? and status = 'PENDING'")
					.params(now, candidate.grantId())
					.update();
				return Optional.of(claim);
			}
		}
		return Optional.empty();
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
		return new PolicyClaim(claim.key(), document, claim.status(), claim.iamPolicyId());
	}

	/**
	 * Records one exchange with IAM and extends the claim (unless {@code claimUntil} is
	 * null, for reads that claim nothing), so a long retry keeps its policy.
	 */
	@Transactional
	void recordAttempt(PolicyKey policy, IamAttempt attempt, @Nullable OffsetDateTime claimUntil) {
		IamError error = attempt.error();
		db.sql("""
				insert into submission_attempts (grant_id, ordinal, operation, transaction_id, started_at, duration_ms,
				  http_status, error_code, error_message, iam_trace)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(policy.grantId(), policy.ordinal(), attempt.operation(), attempt.transactionId(),
					attempt.startedAt().atOffset(ZoneOffset.UTC), attempt.duration().toMillis(), attempt.httpStatus(),
					error == null ? null : error.code(), error == null ? null : Columns.fit(error.message(), 2000),
					error == null ? null : Columns.fit(error.trace(), 128))
			.update();
		if (claimUntil == null) {
			db.sql("update grant_policies set attempts = attempts + 1 where grant_id = ? and ordinal = ?")
				.params(policy.grantId(), policy.ordinal())
				.update();
		}
		else {
			db.sql("""
					update grant_policies set attempts = attempts + 1, claimed_until = ?
					where grant_id = ? and ordinal = ?""")
				.params(claimUntil, policy.grantId(), policy.ordinal())
				.update();
		}
	}

	/**
	 * Records how a claimed policy's submission (or deletion) ended, gives up the claim,
	 * and derives the grant's status.
	 */
	@Transactional
	void recordOutcome(PolicyKey policy, SubmissionOutcome outcome) {
		PolicyStatus status;
		String iamPolicyId = null;
		IamError error = null;
		if (outcome instanceof SubmissionOutcome.Created created) {
			status = PolicyStatus.CREATED;
			iamPolicyId = created.policyId();
		}
		else if (outcome instanceof SubmissionOutcome.Existed existed) {
			status = PolicyStatus.EXISTED;
			iamPolicyId = existed.policyId();
		}
		else if (outcome instanceof SubmissionOutcome.Deleted) {
			status = PolicyStatus.DELETED;
		}
		else {
			status = PolicyStatus.FAILED;
			error = ((SubmissionOutcome.Failed) outcome).error();
		}
		OffsetDateTime now = time.now();
		var update = db
			.sql("""
					update grant_policies set status = :status, claimed_by = null, claimed_until = null, updated_at = :now"""
					+ (iamPolicyId == null ? "" : ", iam_policy_id = :policyId")
					+ (error == null ? ""
							: """
									, last_error_status = :errorStatus, last_error_code = :errorCode, last_error_message = :errorMessage,
									  last_error_trace = :errorTrace""")
					+ " where grant_id = :grant and ordinal = :ordinal")
			.param("status", status.name())
			.param("now", now)
			.param("grant", policy.grantId())
			.param("ordinal", policy.ordinal());
		if (iamPolicyId != null) {
			update = update.param("policyId", iamPolicyId);
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
	 */
	record PolicyClaim(PolicyKey key, PolicyDocument document, PolicyStatus status, @Nullable String iamPolicyId) {

		boolean isDeletion() {
			return status == PolicyStatus.DELETING;
		}

	}

	/** The policies waiting for IAM, and the wait of the oldest. */
	record Backlog(long pending, Duration oldestAge) {
	}

}

package dev.s2s.broker.grant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.s2s.broker.iam.IamAttempt;
import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.iam.SubmissionOutcome;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.PolicyDocument;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The recorded grants, their policies and every attempt, in the database. */
@Repository
class Grants {

	private static final TypeReference<Map<String, String>> PARAMETERS = new TypeReference<>() {
	};

	private final JdbcClient db;

	private final JsonMapper json;

	private final Clock clock;

	Grants(JdbcClient db, JsonMapper json, Clock clock) {
		this.db = db;
		this.json = json;
		this.clock = clock;
	}

	OffsetDateTime now() {
		return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	@Transactional
	UUID insert(Intent intent, Set<String> accounts, List<PolicyDocument> documents) {
		UUID id = UUID.randomUUID();
		OffsetDateTime now = now();
		db.sql("""
				insert into grants (id, recipe, parameters, intent_key, status, created_at, updated_at)
				values (:id, :recipe, :parameters, :key, :status, :now, :now)""")
			.param("id", id)
			.param("recipe", intent.recipe())
			.param("parameters", json.writeValueAsString(intent.parameters()))
			.param("key", intent.key())
			.param("status", GrantStatus.PENDING.name())
			.param("now", now)
			.update();
		for (String account : accounts) {
			db.sql("insert into grant_accounts (grant_id, account_id) values (?, ?)").params(id, account).update();
		}
		for (int ordinal = 0; ordinal < documents.size(); ordinal++) {
			db.sql("""
					insert into grant_policies (grant_id, ordinal, document, status, attempts, updated_at)
					values (?, ?, ?, ?, 0, ?)""")
				.params(id, ordinal, json.writeValueAsString(documents.get(ordinal)), PolicyStatus.PENDING.name(), now)
				.update();
		}
		return id;
	}

	@Transactional
	UUID insertBatch(List<UUID> grantIds) {
		UUID id = UUID.randomUUID();
		db.sql("insert into grant_batches (id, created_at) values (?, ?)").params(id, now()).update();
		for (int position = 0; position < grantIds.size(); position++) {
			db.sql("insert into grant_batch_items (batch_id, position, grant_id) values (?, ?, ?)")
				.params(id, position, grantIds.get(position))
				.update();
		}
		return id;
	}

	Optional<GrantBatch> findBatch(UUID id) {
		return db.sql("select created_at from grant_batches where id = ?")
			.param(id)
			.query((rs, n) -> rs.getObject("created_at", OffsetDateTime.class))
			.optional()
			.map(createdAt -> new GrantBatch(id, createdAt, db.sql("""
					select i.position, i.grant_id, g.status from grant_batch_items i join grants g on g.id = i.grant_id
					where i.batch_id = ? order by i.position""")
				.param(id)
				.query((rs, n) -> new GrantBatch.Item(rs.getInt("position"), rs.getObject("grant_id", UUID.class),
						GrantStatus.valueOf(rs.getString("status"))))
				.list()));
	}

	Optional<GrantStatus> status(UUID grantId) {
		return db.sql("select status from grants where id = ?")
			.param(grantId)
			.query((rs, n) -> GrantStatus.valueOf(rs.getString("status")))
			.optional();
	}

	Optional<UUID> liveByIntent(String intentKey) {
		return db.sql("select id from grants where intent_key = ?").param(intentKey).query(UUID.class).optional();
	}

	Optional<Grant> find(UUID id) {
		return db.sql("select * from grants where id = ?").param(id).query(this::grantRow).optional().map(row -> {
			Map<UUID, List<GrantPolicy>> policies = policiesOf(List.of(id));
			return row.toGrant(policies.getOrDefault(id, List.of()));
		});
	}

	GrantPage page(GrantQuery query) {
		StringBuilder where = new StringBuilder(" where 1 = 1");
		Map<String, Object> params = new LinkedHashMap<>();
		if (query.recipe() != null) {
			where.append(" and g.recipe = :recipe");
			params.put("recipe", query.recipe());
		}
		if (query.status() != null) {
			where.append(" and g.status = :status");
			params.put("status", query.status().name());
		}
		if (query.accountId() != null) {
			where.append(" and exists (select 1 from grant_accounts a where a.grant_id = g.id and a.account_id = :account)");
			params.put("account", query.accountId());
		}
		long total = db.sql("select count(*) from grants g" + where).params(params).query(Long.class).single();
		List<GrantRow> rows = db.sql("select g.* from grants g" + where
				+ " order by g.created_at desc, g.id limit :size offset :offset")
			.params(params)
			.param("size", query.size())
			.param("offset", (long) query.page() * query.size())
			.query(this::grantRow)
			.list();
		Map<UUID, List<GrantPolicy>> policies = rows.isEmpty() ? Map.of()
				: policiesOf(rows.stream().map(GrantRow::id).toList());
		return new GrantPage(rows.stream().map(row -> row.toGrant(policies.getOrDefault(row.id(), List.of()))).toList(),
				query.page(), query.size(), total);
	}

	List<SubmissionAttempt> attempts(UUID grantId) {
		return db.sql("select * from submission_attempts where grant_id = ? order by id")
			.param(grantId)
			.query((rs, n) -> new SubmissionAttempt(rs.getInt("ordinal"), rs.getString("operation"),
					rs.getString("transaction_id"), rs.getObject("started_at", OffsetDateTime.class),
					rs.getLong("duration_ms"), (Integer) rs.getObject("http_status"), rs.getString("error_code"),
					rs.getString("error_message"), rs.getString("iam_trace")))
			.list();
	}

	/**
	 * Claims one pending policy whose claim is free or has lapsed, for {@code instance} until
	 * {@code until}. The conditional update makes the claim safe when several workers (or broker
	 * instances) race for the same policy: only one update matches.
	 */
	Optional<PolicyClaim> claimNext(String instance, OffsetDateTime until) {
		OffsetDateTime now = now();
		List<PolicyKey> candidates = db.sql("""
				select grant_id, ordinal from grant_policies
				where status in ('PENDING', 'DELETING') and (claimed_until is null or claimed_until < :now)
				order by updated_at, grant_id, ordinal limit 8""")
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
				PolicyClaim claim = db
					.sql("select document, status, iam_policy_id from grant_policies where grant_id = ? and ordinal = ?")
					.params(candidate.grantId(), candidate.ordinal())
					.query((rs, n) -> new PolicyClaim(candidate, json.readValue(rs.getString("document"), PolicyDocument.class),
							PolicyStatus.valueOf(rs.getString("status")), rs.getString("iam_policy_id")))
					.single();
				db.sql("update grants set status = 'IN_PROGRESS', updated_at = ? where id = ? and status = 'PENDING'")
					.params(now, candidate.grantId())
					.update();
				return Optional.of(claim);
			}
		}
		return Optional.empty();
	}

	/**
	 * Records one exchange with IAM and extends the claim (unless {@code claimUntil} is null, for
	 * reads that claim nothing), so a long retry keeps its policy.
	 */
	@Transactional
	void recordAttempt(PolicyKey policy, IamAttempt attempt, OffsetDateTime claimUntil) {
		IamError error = attempt.error();
		db.sql("""
				insert into submission_attempts (grant_id, ordinal, operation, transaction_id, started_at, duration_ms,
				  http_status, error_code, error_message, iam_trace)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(policy.grantId(), policy.ordinal(), attempt.operation(), attempt.transactionId(),
					attempt.startedAt().atOffset(ZoneOffset.UTC), attempt.duration().toMillis(), attempt.httpStatus(),
					error == null ? null : error.code(), error == null ? null : limit(error.message(), 2000),
					error == null ? null : limit(error.trace(), 128))
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
		OffsetDateTime now = now();
		var update = db.sql("""
				update grant_policies set status = :status, claimed_by = null, claimed_until = null, updated_at = :now"""
				+ (iamPolicyId == null ? "" : ", iam_policy_id = :policyId") + (error == null ? "" : """
				, last_error_status = :errorStatus, last_error_code = :errorCode, last_error_message = :errorMessage,
				  last_error_trace = :errorTrace""") + " where grant_id = :grant and ordinal = :ordinal")
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
				.param("errorMessage", limit(error.message(), 2000))
				.param("errorTrace", limit(error.trace(), 128));
		}
		update.update();
		refreshStatus(policy.grantId(), now);
	}

	/** Gives a claimed policy back untouched, for another worker to take at once. */
	void release(PolicyKey policy) {
		db.sql("update grant_policies set claimed_by = null, claimed_until = null where grant_id = ? and ordinal = ?")
			.params(policy.grantId(), policy.ordinal())
			.update();
	}

	/** Gives back every claim an earlier run of this same instance held: that run is gone. */
	int releaseAll(String instance) {
		return db.sql("update grant_policies set claimed_by = null, claimed_until = null where claimed_by = ?")
			.param(instance)
			.update();
	}

	/** Puts the FAILED policies of a grant back to work: to be created again, or deleted again when revoking. */
	@Transactional
	int redrive(UUID grantId) {
		OffsetDateTime now = now();
		boolean revoking = revoking(grantId);
		int redriven = db.sql("""
				update grant_policies set status = ?, updated_at = ?
				where grant_id = ? and status = 'FAILED'""")
			.params(revoking ? PolicyStatus.DELETING.name() : PolicyStatus.PENDING.name(), now, grantId)
			.update();
		refreshStatus(grantId, now);
		return redriven;
	}

	/**
	 * Derives the grant's status from its policies. Locks the grant row first, so two workers
	 * finishing two policies of one grant at once cannot both derive from a stale view.
	 */
	private void refreshStatus(UUID grantId, OffsetDateTime now) {
		boolean revoking = revoking(grantId);
		List<PolicyStatus> statuses = new ArrayList<>();
		boolean[] tried = { false };
		boolean[] drifted = { false };
		db.sql("select status, attempts, drift from grant_policies where grant_id = ?").param(grantId).query(rs -> {
			statuses.add(PolicyStatus.valueOf(rs.getString("status")));
			tried[0] |= rs.getInt("attempts") > 0;
			drifted[0] |= Drift.MISSING.name().equals(rs.getString("drift"))
					|| Drift.CHANGED.name().equals(rs.getString("drift"));
		});
		db.sql("update grants set status = ?, updated_at = ? where id = ?")
			.params(GrantStatus.of(statuses, tried[0], revoking, drifted[0]).name(), now, grantId)
			.update();
	}

	/** Records what a verification found for each policy, and derives the grant's status from it. */
	@Transactional
	void recordVerification(UUID grantId, List<GrantVerification.PolicyVerification> policies) {
		OffsetDateTime now = now();
		for (GrantVerification.PolicyVerification policy : policies) {
			db.sql("update grant_policies set drift = ?, drift_detail = ? where grant_id = ? and ordinal = ?")
				.params(policy.drift().name(), limit(policy.detail(), 2000), grantId, policy.ordinal())
				.update();
		}
		db.sql("update grants set verified_at = ? where id = ?").params(now, grantId).update();
		refreshStatus(grantId, now);
	}

	/** Puts the policies a verification found missing back to PENDING, to be created again. */
	@Transactional
	int repair(UUID grantId) {
		OffsetDateTime now = now();
		int repaired = db.sql("""
				update grant_policies set status = 'PENDING', drift = null, drift_detail = null, updated_at = ?
				where grant_id = ? and drift = 'MISSING'""")
			.params(now, grantId)
			.update();
		refreshStatus(grantId, now);
		return repaired;
	}

	/** Live grants to verify next: those verified longest ago (or never) first. */
	List<UUID> dueForVerification(int count) {
		return db.sql("""
				select id from grants where status in ('SUCCEEDED', 'DRIFTED')
				order by verified_at nulls first, created_at limit ?""")
			.param(count)
			.query(UUID.class)
			.list();
	}

	/** Locks the grant's row for the rest of the transaction and tells whether it is being revoked. */
	private boolean revoking(UUID grantId) {
		return db.sql("select revoke_requested_at from grants where id = ? for update")
			.param(grantId)
			.query((rs, n) -> rs.getObject("revoke_requested_at") != null)
			.single();
	}

	/**
	 * Starts revoking a grant: it stops being the live grant of its intent, the policies it created
	 * (and, with {@code includeAdopted}, those it adopted) wait to be deleted from IAM, adopted ones
	 * are otherwise retained, and those never created are done.
	 * @return false when the grant was already being revoked (nothing changes)
	 */
	@Transactional
	boolean revoke(UUID grantId, boolean includeAdopted) {
		if (revoking(grantId)) {
			return false;
		}
		OffsetDateTime now = now();
		db.sql("""
				update grants set intent_key = null, revoke_requested_at = ?, include_adopted = ?, updated_at = ?
				where id = ?""")
			.params(now, includeAdopted, now, grantId)
			.update();
		db.sql("""
				update grant_policies set updated_at = :now, status = case
				  when status = 'CREATED' then 'DELETING'
				  when status = 'EXISTED' and :includeAdopted then 'DELETING'
				  when status = 'EXISTED' then 'RETAINED'
				  when iam_policy_id is not null then 'DELETING'
				  else 'DELETED' end
				where grant_id = :grant""")
			.param("now", now)
			.param("includeAdopted", includeAdopted)
			.param("grant", grantId)
			.update();
		refreshStatus(grantId, now);
		return true;
	}

	private Map<UUID, List<GrantPolicy>> policiesOf(List<UUID> grantIds) {
		Map<UUID, List<GrantPolicy>> policies = new LinkedHashMap<>();
		db.sql("select * from grant_policies where grant_id in (:ids) order by grant_id, ordinal")
			.param("ids", grantIds)
			.query(rs -> {
				Integer errorStatus = (Integer) rs.getObject("last_error_status");
				String errorCode = rs.getString("last_error_code");
				IamError error = errorCode == null ? null
						: new IamError(errorStatus, errorCode, rs.getString("last_error_message"),
								rs.getString("last_error_trace"));
				policies.computeIfAbsent(rs.getObject("grant_id", UUID.class), id -> new ArrayList<>())
					.add(new GrantPolicy(rs.getInt("ordinal"),
							json.readValue(rs.getString("document"), PolicyDocument.class),
							PolicyStatus.valueOf(rs.getString("status")), rs.getString("iam_policy_id"),
							rs.getInt("attempts"), error,
							rs.getString("drift") == null ? null : Drift.valueOf(rs.getString("drift"))));
			});
		return policies;
	}

	private GrantRow grantRow(ResultSet rs, int rowNum) throws SQLException {
		return new GrantRow(rs.getObject("id", UUID.class), rs.getString("recipe"),
				json.readValue(rs.getString("parameters"), PARAMETERS), GrantStatus.valueOf(rs.getString("status")),
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
	}

	private static String limit(String text, int length) {
		return text == null || text.length() <= length ? text : text.substring(0, length - 1) + "…";
	}

	record PolicyKey(UUID grantId, int ordinal) {
	}

	/** A policy this instance now works on: to create ({@code PENDING}) or to delete ({@code DELETING}). */
	record PolicyClaim(PolicyKey key, PolicyDocument document, PolicyStatus status, String iamPolicyId) {

		boolean isDeletion() {
			return status == PolicyStatus.DELETING;
		}

	}

	private record GrantRow(UUID id, String recipe, Map<String, String> parameters, GrantStatus status,
			OffsetDateTime createdAt, OffsetDateTime updatedAt) {

		Grant toGrant(List<GrantPolicy> policies) {
			return new Grant(id, recipe, parameters, status, createdAt, updatedAt, policies);
		}

	}

}

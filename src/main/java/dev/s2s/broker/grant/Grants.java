package dev.s2s.broker.grant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.s2s.broker.access.AccountScope;
import dev.s2s.broker.iam.CheckedDocument;
import dev.s2s.broker.iam.IamError;
import dev.s2s.broker.persistence.Timestamps;
import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.Intent;
import dev.s2s.broker.recipe.PolicyDocument;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The recorded grants: each intent, the accounts it names, its policy documents, and
 * their lifecycle.
 */
@Repository
class Grants {

	private static final TypeReference<Map<String, String>> PARAMETERS = new TypeReference<>() {
	};

	private final JdbcClient db;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Timestamps time;

	private final GrantStatuses statuses;

	Grants(JdbcClient db, JdbcTemplate jdbc, JsonMapper json, Timestamps time, GrantStatuses statuses) {
		this.db = db;
		this.jdbc = jdbc;
		this.json = json;
		this.time = time;
		this.statuses = statuses;
	}

	/**
	 * Records a new grant, its accounts and its PENDING policies, each document described
	 * with its {@linkplain PolicyKey#description() mark}, as it will be sent, and whether
	 * its roles were checked against IAM, in {@code mode}. Runs in a savepoint of the
	 * caller's transaction, so a {@code DuplicateKeyException} (a twin of the same intent
	 * committed first) leaves that transaction usable.
	 */
	@Transactional(propagation = Propagation.NESTED)
	UUID insert(Intent intent, GrantMode mode, Set<String> accounts, List<CheckedDocument> documents) {
		UUID id = UUID.randomUUID();
		OffsetDateTime now = time.now();
		db.sql("""
				insert into grants (id, recipe, parameters, intent_key, mode, status, created_at, updated_at)
				values (:id, :recipe, :parameters, :key, :mode, :status, :now, :now)""")
			.param("id", id)
			.param("recipe", intent.recipe())
			.param("parameters", json.writeValueAsString(intent.parameters()))
			.param("key", intent.key())
			.param("mode", mode.name())
			.param("status", GrantStatus.PENDING.name())
			.param("now", now)
			.update();
		for (String account : accounts) {
			db.sql("insert into grant_accounts (grant_id, account_id) values (?, ?)").params(id, account).update();
		}
		for (int ordinal = 0; ordinal < documents.size(); ordinal++) {
			CheckedDocument checked = documents.get(ordinal);
			db.sql("""
					insert into grant_policies (grant_id, ordinal, document, roles_checked, status, attempts, updated_at)
					values (?, ?, ?, ?, ?, 0, ?)""")
				.params(id, ordinal,
						json.writeValueAsString(
								checked.document().describedAs(new PolicyKey(id, ordinal).description())),
						checked.rolesChecked(), PolicyStatus.PENDING.name(), now)
				.update();
		}
		return id;
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
		return db.sql("select * from grants where id = ?")
			.param(id)
			.query(this::grantRow)
			.optional()
			.map(row -> complete(List.of(row)).get(0));
	}

	/** One page of the grants in {@code scope} that match the query, newest first. */
	GrantPage page(GrantQuery query, AccountScope scope) {
		StringBuilder where = new StringBuilder(" where 1 = 1");
		Map<String, Object> params = new LinkedHashMap<>();
		if (!scope.all()) {
			if (scope.accounts().isEmpty()) {
				return new GrantPage(List.of(), query.page(), query.size(), 0);
			}
			where.append(" and not exists (select 1 from grant_accounts a where a.grant_id = g.id"
					+ " and a.account_id not in (:scope))");
			params.put("scope", List.copyOf(scope.accounts()));
		}
		if (query.recipe() != null) {
			where.append(" and g.recipe = :recipe");
			params.put("recipe", query.recipe());
		}
		if (query.status() != null) {
			where.append(" and g.status = :status");
			params.put("status", query.status().name());
		}
		if (query.accountId() != null) {
			where.append(
					" and exists (select 1 from grant_accounts a where a.grant_id = g.id and a.account_id = :account)");
			params.put("account", query.accountId());
		}
		long total = db.sql("select count(*) from grants g" + where).params(params).query(Long.class).single();
		List<GrantRow> rows = db
			.sql("select g.* from grants g" + where + " order by g.created_at desc, g.id limit :size offset :offset")
			.params(params)
			.param("size", query.size())
			.param("offset", (long) query.page() * query.size())
			.query(this::grantRow)
			.list();
		return new GrantPage(complete(rows), query.page(), query.size(), total);
	}

	/** Grants by recipe and status ({@code recipe/STATUS} → count), for metrics. */
	Map<String, Long> countByRecipeAndStatus() {
		Map<String, Long> counts = new HashMap<>();
		db.sql("select recipe, status, count(*) as n from grants group by recipe, status").query(rs -> {
			counts.put(rs.getString("recipe") + "/" + rs.getString("status"), rs.getLong("n"));
		});
		return counts;
	}

	/** Changes the mode of a grant before it is re-driven. */
	void changeMode(UUID grantId, GrantMode mode) {
		db.sql("update grants set mode = ? where id = ?").params(mode.name(), grantId).update();
	}

	/**
	 * Puts the FAILED policies of a grant back to work: to be created again, or deleted
	 * again when revoking.
	 */
	@Transactional
	int redrive(UUID grantId) {
		OffsetDateTime now = time.now();
		boolean revoking = statuses.lock(grantId).revoking();
		int redriven = db.sql("update grant_policies set status = ?, updated_at = ? where grant_id = ? and status = ?")
			.params(PolicyTransitions.retried(revoking).name(), now, grantId, PolicyTransitions.RETRIED.name())
			.update();
		statuses.refresh(grantId, now);
		return redriven;
	}

	/**
	 * Starts revoking a grant: it stops being the live grant of its intent, the policies
	 * it created (and, with {@code includeAdopted}, those it adopted) wait to be deleted
	 * from IAM, adopted ones are otherwise retained, and those never created are done. An
	 * ADOPT grant deletes nothing, whatever {@code includeAdopted} says.
	 * @return false when the grant was already being revoked (nothing changes)
	 * @throws GrantNotRevocable while its policies are still being submitted
	 */
	@Transactional
	boolean revoke(UUID grantId, boolean includeAdopted) {
		GrantStatuses.LockedGrant grant = statuses.lock(grantId);
		if (grant.revoking()) {
			return false;
		}
		if (grant.status() == GrantStatus.PENDING || grant.status() == GrantStatus.IN_PROGRESS) {
			throw new GrantNotRevocable(grantId, grant.status());
		}
		OffsetDateTime now = time.now();
		boolean adoptOnly = db.sql("select mode from grants where id = ?")
			.param(grantId)
			.query(String.class)
			.single()
			.equals(GrantMode.ADOPT.name());
		db.sql("""
				update grants set intent_key = null, revoke_requested_at = ?, include_adopted = ?, updated_at = ?
				where id = ?""").params(now, includeAdopted, now, grantId).update();
		// Whether a grant's submission made each policy and no other live grant holds it:
		// the last holder of a policy the broker made deletes it (issue 20).
		List<Object[]> revoked = db
			.sql("""
					select p.ordinal, p.status, p.iam_policy_id,
					  case when exists (select 1 from grant_policies c where c.iam_policy_id = p.iam_policy_id and c.created_by_grant)
					    and not exists (select 1 from grant_policies o where o.iam_policy_id = p.iam_policy_id
					      and o.grant_id <> p.grant_id and o.status in (:holding))
					  then 1 else 0 end as last_holder
					from grant_policies p where p.grant_id = :grant""")
			.param("holding", PolicyTransitions.names(PolicyTransitions.HOLDING))
			.param("grant", grantId)
			.query((rs,
					n) -> new Object[] { PolicyTransitions
						.revoked(PolicyStatus.valueOf(rs.getString("status")), rs.getString("iam_policy_id"),
								includeAdopted, rs.getInt("last_holder") == 1, adoptOnly)
						.name(), now, grantId, rs.getInt("ordinal") })
			.list();
		jdbc.batchUpdate("update grant_policies set status = ?, updated_at = ? where grant_id = ? and ordinal = ?",
				revoked);
		statuses.refresh(grantId, now);
		return true;
	}

	/**
	 * The grants of the rows with their accounts and policies, two queries for all of
	 * them.
	 */
	private List<Grant> complete(List<GrantRow> rows) {
		if (rows.isEmpty()) {
			return List.of();
		}
		List<UUID> ids = rows.stream().map(GrantRow::id).toList();
		Map<UUID, List<String>> accounts = new HashMap<>();
		db.sql("select grant_id, account_id from grant_accounts where grant_id in (:ids) order by account_id")
			.param("ids", ids)
			.query(rs -> {
				accounts.computeIfAbsent(rs.getObject("grant_id", UUID.class), id -> new ArrayList<>())
					.add(rs.getString("account_id"));
			});
		Map<UUID, List<GrantPolicy>> policies = new HashMap<>();
		db.sql("select * from grant_policies where grant_id in (:ids) order by grant_id, ordinal")
			.param("ids", ids)
			.query(rs -> {
				policies.computeIfAbsent(rs.getObject("grant_id", UUID.class), id -> new ArrayList<>()).add(policy(rs));
			});
		return rows.stream()
			.map(row -> new Grant(row.id(), row.recipe(), row.parameters(), accounts.getOrDefault(row.id(), List.of()),
					row.mode(), row.status(), row.createdAt(), row.updatedAt(), row.confirmedAt(),
					policies.getOrDefault(row.id(), List.of())))
			.toList();
	}

	private GrantPolicy policy(ResultSet rs) throws SQLException {
		String errorCode = rs.getString("last_error_code");
		IamError error = errorCode == null ? null : new IamError((Integer) rs.getObject("last_error_status"), errorCode,
				rs.getString("last_error_message"), rs.getString("last_error_trace"));
		String drift = rs.getString("drift");
		return new GrantPolicy(rs.getInt("ordinal"), json.readValue(rs.getString("document"), PolicyDocument.class),
				rs.getBoolean("roles_checked"), PolicyStatus.valueOf(rs.getString("status")),
				rs.getString("iam_policy_id"), rs.getInt("attempts"), error,
				drift == null ? null : Drift.valueOf(drift), rs.getObject("confirmed_at", OffsetDateTime.class),
				rs.getString("added_roles") == null ? null
						: List.of(json.readValue(rs.getString("added_roles"), String[].class)));
	}

	private GrantRow grantRow(ResultSet rs, int rowNum) throws SQLException {
		return new GrantRow(rs.getObject("id", UUID.class), rs.getString("recipe"),
				json.readValue(rs.getString("parameters"), PARAMETERS), GrantMode.valueOf(rs.getString("mode")),
				GrantStatus.valueOf(rs.getString("status")), rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("updated_at", OffsetDateTime.class), rs.getObject("confirmed_at", OffsetDateTime.class));
	}

	private record GrantRow(UUID id, String recipe, Map<String, String> parameters, GrantMode mode, GrantStatus status,
			OffsetDateTime createdAt, OffsetDateTime updatedAt, @Nullable OffsetDateTime confirmedAt) {
	}

}

package dev.s2s.broker.access;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.s2s.broker.persistence.Columns;
import dev.s2s.broker.persistence.Timestamps;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The audit trail in the database: one row an event, and the accounts it named in a child
 * table.
 */
@Repository
class AuditEvents {

	private final JdbcClient db;

	private final Timestamps time;

	AuditEvents(JdbcClient db, Timestamps time) {
		this.db = db;
		this.time = time;
	}

	/**
	 * Records an event in the current transaction, if there is one; on its own otherwise.
	 */
	void record(Caller caller, Operation operation, AuditOutcome outcome, @Nullable UUID grantId,
			@Nullable String recipe, Set<String> accounts, @Nullable String detail) {
		KeyHolder key = new GeneratedKeyHolder();
		db.sql("""
				insert into audit_events (at, caller, operation, outcome, grant_id, recipe, detail)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.params(time.now(), caller.id(), operation.name(), outcome.name(), grantId, recipe,
					Columns.fit(detail, 1000))
			.update(key, "id");
		long id = key.getKeyAs(Long.class);
		int ordinal = 0;
		for (String account : accounts) {
			db.sql("insert into audit_event_accounts (event_id, ordinal, account_id) values (?, ?, ?)")
				.params(id, ordinal++, account)
				.update();
		}
	}

	/** One page of the events in {@code scope} that match the query, newest first. */
	List<AuditEvent> page(AuditQuery query, AccountScope scope) {
		StringBuilder where = new StringBuilder(" where 1 = 1");
		Map<String, Object> params = new LinkedHashMap<>();
		if (!scope.all()) {
			if (scope.accounts().isEmpty()) {
				return List.of();
			}
			where.append(" and exists (select 1 from audit_event_accounts a where a.event_id = e.id)")
				.append(" and not exists (select 1 from audit_event_accounts a where a.event_id = e.id")
				.append(" and a.account_id not in (:scope))");
			params.put("scope", List.copyOf(scope.accounts()));
		}
		if (query.accountId() != null) {
			where.append(" and exists (select 1 from audit_event_accounts a where a.event_id = e.id"
					+ " and a.account_id = :account)");
			params.put("account", query.accountId());
		}
		if (query.caller() != null) {
			where.append(" and e.caller = :caller");
			params.put("caller", query.caller());
		}
		if (query.grantId() != null) {
			where.append(" and e.grant_id = :grant");
			params.put("grant", query.grantId());
		}
		if (query.from() != null) {
			where.append(" and e.at >= :from");
			params.put("from", query.from());
		}
		if (query.to() != null) {
			where.append(" and e.at < :to");
			params.put("to", query.to());
		}
		List<AuditEvent> events = db
			.sql("select e.* from audit_events e" + where + " order by e.at desc, e.id desc limit :size offset :offset")
			.params(params)
			.param("size", query.size())
			.param("offset", (long) query.page() * query.size())
			.query((rs, n) -> new AuditEvent(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class),
					rs.getString("caller"), Operation.valueOf(rs.getString("operation")),
					AuditOutcome.valueOf(rs.getString("outcome")), rs.getObject("grant_id", UUID.class),
					rs.getString("recipe"), List.of(), rs.getString("detail")))
			.list();
		if (events.isEmpty()) {
			return events;
		}
		Map<Long, List<String>> accounts = new HashMap<>();
		db.sql("select event_id, account_id from audit_event_accounts where event_id in (:ids) order by event_id, ordinal")
			.param("ids", events.stream().map(AuditEvent::id).toList())
			.query(rs -> {
				accounts.computeIfAbsent(rs.getLong("event_id"), id -> new ArrayList<>())
					.add(rs.getString("account_id"));
			});
		return events.stream()
			.map(e -> new AuditEvent(e.id(), e.at(), e.caller(), e.operation(), e.outcome(), e.grantId(), e.recipe(),
					accounts.getOrDefault(e.id(), List.of()), e.detail()))
			.toList();
	}

}

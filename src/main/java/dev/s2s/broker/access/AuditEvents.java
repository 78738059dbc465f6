package dev.s2s.broker.access;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit trail in the database. */
@Repository
class AuditEvents {

	private final JdbcClient db;

	private final Clock clock;

	AuditEvents(JdbcClient db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	void record(Caller caller, Operation operation, String outcome, UUID grantId, String recipe, Set<String> accounts,
			String detail) {
		db.sql("""
				insert into audit_events (at, caller, operation, outcome, grant_id, recipe, accounts, detail)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS),
					caller.id(), operation.name(), outcome, grantId, recipe,
					accounts.isEmpty() ? null : "," + String.join(",", accounts) + ",", detail)
			.update();
	}

	List<AuditEvent> page(AuditQuery query) {
		StringBuilder where = new StringBuilder(" where 1 = 1");
		Map<String, Object> params = new LinkedHashMap<>();
		if (query.accountId() != null) {
			where.append(" and accounts like :account");
			params.put("account", "%," + query.accountId() + ",%");
		}
		if (query.caller() != null) {
			where.append(" and caller = :caller");
			params.put("caller", query.caller());
		}
		if (query.grantId() != null) {
			where.append(" and grant_id = :grant");
			params.put("grant", query.grantId());
		}
		if (query.from() != null) {
			where.append(" and at >= :from");
			params.put("from", query.from());
		}
		if (query.to() != null) {
			where.append(" and at < :to");
			params.put("to", query.to());
		}
		return db.sql("select * from audit_events" + where + " order by at desc, id desc limit :size offset :offset")
			.params(params)
			.param("size", query.size())
			.param("offset", (long) query.page() * query.size())
			.query((rs, n) -> {
				String accounts = rs.getString("accounts");
				return new AuditEvent(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class), rs.getString("caller"),
						Operation.valueOf(rs.getString("operation")), rs.getString("outcome"),
						rs.getObject("grant_id", UUID.class), rs.getString("recipe"),
						accounts == null ? List.of()
								: Arrays.stream(accounts.split(",")).filter(a -> !a.isEmpty()).toList(),
						rs.getString("detail"));
			})
			.list();
	}

}

package dev.s2s.broker.grant;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.s2s.broker.persistence.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The recorded batches: many intents asked for at once, each item an ordinary grant. */
@Repository
class GrantBatches {

	private final JdbcClient db;

	private final Timestamps time;

	GrantBatches(JdbcClient db, Timestamps time) {
		this.db = db;
		this.time = time;
	}

	UUID insert(List<UUID> grantIds) {
		UUID id = UUID.randomUUID();
		db.sql("insert into grant_batches (id, created_at) values (?, ?)").params(id, time.now()).update();
		for (int position = 0; position < grantIds.size(); position++) {
			db.sql("insert into grant_batch_items (batch_id, position, grant_id) values (?, ?, ?)")
				.params(id, position, grantIds.get(position))
				.update();
		}
		return id;
	}

	Optional<GrantBatch> find(UUID id) {
		return db.sql("select created_at from grant_batches where id = ?")
			.param(id)
			.query((rs, n) -> rs.getObject("created_at", OffsetDateTime.class))
			.optional()
			.map(createdAt -> new GrantBatch(id, createdAt,
					db.sql("""
							select i.position, i.grant_id, g.status from grant_batch_items i join grants g on g.id = i.grant_id
							where i.batch_id = ? order by i.position""")
						.param(id)
						.query((rs, n) -> new GrantBatch.Item(rs.getInt("position"),
								rs.getObject("grant_id", UUID.class), GrantStatus.valueOf(rs.getString("status"))))
						.list()));
	}

	/** Every account the grants of the batch name. */
	Set<String> accounts(UUID id) {
		return Set.copyOf(db.sql("""
				select distinct a.account_id from grant_batch_items i join grant_accounts a on a.grant_id = i.grant_id
				where i.batch_id = ?""").param(id).query(String.class).list());
	}

}

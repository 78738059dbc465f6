package dev.s2s.broker.grant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import dev.s2s.broker.recipe.PolicyDocument;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Repository;

/**
 * Migration 14: gives every recorded document that may still be sent to IAM its
 * {@linkplain PolicyKey#description() mark}. Grants recorded before documents were marked
 * (issue 13) lack it; the work queue used to add it as it claimed them, in the claim path
 * of every round. A document already sent keeps it too when it may be sent again (a
 * retry, a repair); IAM's conflict check and the broker's drift check ignore the
 * description. Written in Java, with the broker's own JSON mapping, because PostgreSQL
 * and H2 change JSON text differently.
 */
@Repository
class DocumentMarks implements JavaMigration {

	private final JsonMapper json;

	DocumentMarks(JsonMapper json) {
		this.json = json;
	}

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("14");
	}

	@Override
	public String getDescription() {
		return "document marks";
	}

	@Override
	public @Nullable Integer getChecksum() {
		return null;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		try (PreparedStatement unmarked = connection.prepareStatement("""
				select grant_id, ordinal, document from grant_policies
				where status not in ('DELETING', 'DELETED', 'RETAINED')""");
				PreparedStatement mark = connection
					.prepareStatement("update grant_policies set document = ? where grant_id = ? and ordinal = ?")) {
			// Read a page at a time (PostgreSQL streams within the migration's
			// transaction), however many grants there are.
			unmarked.setFetchSize(500);
			ResultSet rows = unmarked.executeQuery();
			int batched = 0;
			while (rows.next()) {
				PolicyDocument document = json.readValue(rows.getString("document"), PolicyDocument.class);
				if (document.description() != null) {
					continue;
				}
				PolicyKey key = new PolicyKey(rows.getObject("grant_id", UUID.class), rows.getInt("ordinal"));
				mark.setString(1, json.writeValueAsString(document.describedAs(key.description())));
				mark.setObject(2, key.grantId());
				mark.setInt(3, key.ordinal());
				mark.addBatch();
				if (++batched % 500 == 0) {
					mark.executeBatch();
				}
			}
			mark.executeBatch();
		}
	}

}

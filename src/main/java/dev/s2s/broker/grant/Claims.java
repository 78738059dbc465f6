package dev.s2s.broker.grant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import dev.s2s.broker.recipe.GrantMode;
import dev.s2s.broker.recipe.PolicyDocument;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Repository;

/**
 * How one database claims waiting policies: the SQL of one step of a claim round, which
 * differs between PostgreSQL ({@link PostgresClaims}) and the embedded H2
 * ({@link H2Claims}). The round's rules (the lock, the budget, the order of statuses) are
 * {@link PolicyQueue}'s.
 */
@Repository
abstract class Claims {

	/** The columns of {@code grant_policies} a claim reads, besides its grant's mode. */
	static final String COLUMNS = "grant_id, ordinal, document, status, iam_policy_id, transient_failures, added_roles";

	/** The mode of a claimed policy's grant, as a column of the claim. */
	static final String MODE = "(select g.mode from grants g where g.id = grant_id) as mode";

	private final JsonMapper json;

	Claims(JsonMapper json) {
		this.json = json;
	}

	/** Whether this is the SQL of the database JDBC names {@code productName}. */
	abstract boolean serves(String productName);

	/**
	 * Claims for {@code instance} until {@code until} up to {@code limit} policies of
	 * {@code status} whose claim is free or lapsed and whose back-off is over, the oldest
	 * first, and marks their grants IN_PROGRESS.
	 */
	abstract List<PolicyClaim> claim(PolicyStatus status, String instance, OffsetDateTime until, int limit,
			OffsetDateTime now);

	/**
	 * Lets the current transaction commit without waiting for its write-ahead log to
	 * reach the disk, where the database can: for the worker's own records only (claims,
	 * outcomes, deferrals, attempts), which a crash of the database may lose for the last
	 * moments but which the work makes again: the policy is waiting again with a lapsed
	 * claim, is submitted again, and IAM's 409 names it by its mark. Never for what a
	 * caller records (grants, revokes, audit events).
	 */
	void commitWithoutWaitingForDisk() {
	}

	/** One claimed row of {@link #COLUMNS} and {@link #MODE}. */
	PolicyClaim row(ResultSet rs, int row) throws SQLException {
		String added = rs.getString("added_roles");
		return new PolicyClaim(new PolicyKey(rs.getObject("grant_id", UUID.class), rs.getInt("ordinal")),
				json.readValue(rs.getString("document"), PolicyDocument.class),
				PolicyStatus.valueOf(rs.getString("status")), rs.getString("iam_policy_id"),
				rs.getInt("transient_failures"), roles(added), GrantMode.valueOf(rs.getString("mode")));
	}

	private @Nullable List<String> roles(@Nullable String column) {
		return column == null ? null : List.of(json.readValue(column, String[].class));
	}

}

package dev.s2s.broker.grant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.s2s.broker.recipe.PolicyDocument;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which grants hold an IAM policy: what an account's inventory shows as recorded by the
 * broker, and what a revoke must leave in a policy that other grants still hold (issue
 * 20). Several grants may hold one IAM policy: one created it, the others adopted or
 * extended it.
 */
@Repository
class PolicyHolders {

	private final JdbcClient db;

	private final JsonMapper json;

	PolicyHolders(JdbcClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * The IAM policies that grants naming {@code accountId} hold, by IAM policy id: every
	 * recorded policy with an id except those a revoke deleted or let go
	 * ({@link PolicyTransitions#RELEASED}), so one policy is held by one grant at most;
	 * the newest if ever two.
	 */
	Map<String, HeldPolicy> heldPolicies(String accountId) {
		List<HeldRow> rows = db.sql("""
				select p.iam_policy_id, p.status as policy_status, g.id, g.status from grant_policies p
				join grants g on g.id = p.grant_id
				where p.iam_policy_id is not null and p.status not in (:released)
				and exists (select 1 from grant_accounts a where a.grant_id = g.id and a.account_id = :account)
				order by g.created_at, g.id, p.ordinal""")
			.param("released", PolicyTransitions.names(PolicyTransitions.RELEASED))
			.param("account", accountId)
			.query((rs, n) -> new HeldRow(rs.getString("iam_policy_id"), rs.getObject("id", UUID.class),
					GrantStatus.valueOf(rs.getString("status")), PolicyStatus.valueOf(rs.getString("policy_status"))))
			.list();
		Map<UUID, Set<String>> accounts = new HashMap<>();
		if (!rows.isEmpty()) {
			db.sql("select grant_id, account_id from grant_accounts where grant_id in (:ids)")
				.param("ids", rows.stream().map(HeldRow::grantId).distinct().toList())
				.query(rs -> {
					accounts.computeIfAbsent(rs.getObject("grant_id", UUID.class), id -> new HashSet<>())
						.add(rs.getString("account_id"));
				});
		}
		Map<String, HeldPolicy> held = new LinkedHashMap<>();
		rows.forEach(row -> held.put(row.iamPolicyId(), new HeldPolicy(row.grantId(), row.grantStatus(),
				row.policyStatus(), Set.copyOf(accounts.getOrDefault(row.grantId(), Set.of())))));
		return held;
	}

	/**
	 * Who else holds an IAM policy a grant's revoke is about to delete or give back: what
	 * a revoke must leave in it (issue 20).
	 */
	Sharing sharing(String iamPolicyId, UUID grantId) {
		List<String> roles = new ArrayList<>();
		db.sql("""
				select document from grant_policies
				where iam_policy_id = :policy and grant_id <> :grant and status in (:holding)""")
			.param("policy", iamPolicyId)
			.param("grant", grantId)
			.param("holding", PolicyTransitions.names(PolicyTransitions.HOLDING))
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

	/** A policy a grant holds in IAM, and the accounts that grant names. */
	record HeldPolicy(UUID grantId, GrantStatus grantStatus, PolicyStatus policyStatus, Set<String> accounts) {
	}

	private record HeldRow(String iamPolicyId, UUID grantId, GrantStatus grantStatus, PolicyStatus policyStatus) {
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

}

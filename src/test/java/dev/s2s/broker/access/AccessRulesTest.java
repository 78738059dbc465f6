package dev.s2s.broker.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What one access rule matches and allows. */
class AccessRulesTest {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private final AccessProperties.Rule team = new AccessProperties.Rule("backup team",
			List.of("iam-ServiceId-backup-team"), List.of(), List.of(), EnumSet.of(Operation.READ, Operation.GRANT),
			List.of("vpc-backup"), List.of(ACCOUNT));

	private final AccessProperties.Rule platform = new AccessProperties.Rule("platform", List.of("iam-ServiceId-admin"),
			List.of(), List.of(), EnumSet.of(Operation.GRANT), List.of("*"), List.of("*"));

	@Test
	void matchesACallerByItsIamIdNotByASubNamingAnotherIdentity() {
		assertThat(platform.matches(new Caller("iam-ServiceId-admin", List.of(), List.of()))).isTrue();
		assertThat(platform.matches(new Caller("iam-ServiceId-attacker", List.of(), List.of())))
			.as("whatever the token's sub says")
			.isFalse();
	}

	@Test
	void allowsTheAccountsItNamesAndAnIntentNamingNoAccountOnlyWithAStar() {
		assertThat(team.allows(Operation.GRANT, "vpc-backup", Set.of(ACCOUNT))).isTrue();
		assertThat(team.allows(Operation.GRANT, "vpc-backup", Set.of(ACCOUNT, "fedcba9876543210fedcba9876543210")))
			.isFalse();
		assertThat(team.allows(Operation.GRANT, "vpc-backup", Set.of()))
			.as("an empty set of accounts would satisfy any list")
			.isFalse();
		assertThat(platform.allows(Operation.GRANT, "vpc-backup", Set.of())).isTrue();
	}

}

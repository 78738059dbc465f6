package dev.s2s.broker.grant.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.s2s.broker.recipe.GrantMode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

@Schema(description = "Enable Backup for VPC in an account (recipe vpc-backup)")
record BackupAuthorizationRequest(@Schema(description = "The account whose volumes and instances are backed up",
		example = "0123456789abcdef0123456789abcdef", requiredMode = Schema.RequiredMode.REQUIRED) String accountId,
		@Schema(description = "For enterprise-managed backup policies, the enterprise account that runs the backups",
				example = "fedcba9876543210fedcba9876543210") @Nullable String enterpriseAccountId,
		@Schema(description = Shortcuts.MODE) @Nullable GrantMode mode) {

	Map<String, Object> parameters() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("accountId", accountId);
		parameters.put("enterpriseAccountId", enterpriseAccountId);
		parameters.values().removeIf(value -> value == null);
		return parameters;
	}

}

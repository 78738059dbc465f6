package dev.s2s.broker.grant.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.s2s.broker.recipe.GrantMode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

@Schema(description = "Bind a spoke VPC's DNS to a hub VPC (recipe vpe-dns-sharing)")
record DnsSharingAuthorizationRequest(
		@Schema(description = "The account of the spoke VPC", example = "0123456789abcdef0123456789abcdef",
				requiredMode = Schema.RequiredMode.REQUIRED) String spokeAccountId,
		@Schema(description = "The spoke VPC; leave out to authorize every VPC of the spoke account",
				example = "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c") @Nullable String spokeVpcId,
		@Schema(description = "The account of the hub VPC", example = "fedcba9876543210fedcba9876543210",
				requiredMode = Schema.RequiredMode.REQUIRED) String hubAccountId,
		@Schema(description = "The hub VPC", example = "r006-7c1e5b0a-3d92-4f6e-a8b4-91c2d7e05f38",
				requiredMode = Schema.RequiredMode.REQUIRED) String hubVpcId,
		@Schema(description = Shortcuts.MODE) @Nullable GrantMode mode) {

	Map<String, Object> parameters() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("spokeAccountId", spokeAccountId);
		parameters.put("spokeVpcId", spokeVpcId);
		parameters.put("hubAccountId", hubAccountId);
		parameters.put("hubVpcId", hubVpcId);
		parameters.values().removeIf(value -> value == null);
		return parameters;
	}

}

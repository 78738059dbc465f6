package dev.s2s.broker.grant.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Bind a spoke VPC's DNS to a hub VPC (recipe vpe-dns-sharing)")
record DnsSharingAuthorizationRequest(
		@Schema(description = "The account of the spoke VPC", example = "0123456789abcdef0123456789abcdef",
				requiredMode = Schema.RequiredMode.REQUIRED) String spokeAccountId,
		@Schema(description = "The spoke VPC; leave out to authorize every VPC of the spoke account",
				example = "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c") String spokeVpcId,
		@Schema(description = "The account of the hub VPC", example = "fedcba9876543210fedcba9876543210",
				requiredMode = Schema.RequiredMode.REQUIRED) String hubAccountId,
		@Schema(description = "The hub VPC", example = "r006-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
				requiredMode = Schema.RequiredMode.REQUIRED) String hubVpcId) {

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

package dev.s2s.broker.iam;

import java.util.List;

/**
 * What IAM holds for a policy the broker recorded, compared with the document it
 * submitted.
 */
public sealed interface PolicyReading {

	/** Present and equal to the document. */
	record Matches(String policyId) implements PolicyReading {
	}

	/** Deleted out of band: IAM answers 404, or lists it with {@code state: deleted}. */
	record Missing(String policyId) implements PolicyReading {
	}

	/**
	 * Present for the same subject and resource, but without some of the document's
	 * roles: someone removed them.
	 */
	record RolesMissing(String policyId, List<String> missingRoles) implements PolicyReading {
	}

	/** Present but no longer equal to the document: someone edited it. */
	record Changed(String policyId, String difference) implements PolicyReading {
	}

	/** IAM could not be read (after retries); nothing is known. */
	record Unreadable(String policyId, IamError error) implements PolicyReading {
	}

}

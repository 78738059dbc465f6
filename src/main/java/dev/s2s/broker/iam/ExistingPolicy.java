package dev.s2s.broker.iam;

import java.util.List;

/**
 * The policy IAM holds for a document's subject and resource.
 *
 * @param id its id
 * @param missingRoles the document's roles it lacks: empty when it is the document's
 * intent already; else a grant would extend it with these
 */
public record ExistingPolicy(String id, List<String> missingRoles) {

	public ExistingPolicy {
		missingRoles = List.copyOf(missingRoles);
	}

}

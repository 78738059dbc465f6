package dev.s2s.broker.iam;

import dev.s2s.broker.recipe.PolicyDocument;
import org.jspecify.annotations.Nullable;

/**
 * A policy document whose roles were resolved against the roles IAM offers for its
 * services, each {@code role_id} then being IAM's own CRN; or, when IAM could not be
 * asked, the document as the catalog pinned it, with the reason.
 *
 * @param rolesChecked whether IAM listed every role of the document for its services
 * @param reason why the roles were not checked (e.g. "IAM answered 500
 * (unable_to_process)"), in words a caller may be shown; null when they were
 */
public record CheckedDocument(PolicyDocument document, boolean rolesChecked, @Nullable String reason) {

	static CheckedDocument checked(PolicyDocument document) {
		return new CheckedDocument(document, true, null);
	}

	static CheckedDocument unchecked(PolicyDocument document, String reason) {
		return new CheckedDocument(document, false, reason);
	}

}

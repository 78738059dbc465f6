package dev.s2s.broker.recipe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.s2s.broker.recipe.PolicyDocument.Attribute;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When two policies are the same policy, and when one holds what another grants: the one
 * definition recognition, plans, IAM's conflicts, drift and the read-back share.
 */
class PolicyIdentityTest {

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	private static final String OTHER = "fedcba9876543210fedcba9876543210";

	private static final String OPERATOR = "crn:v1:bluemix:public:iam::::role:Operator";

	private static final String VIEWER = "crn:v1:bluemix:public:iam::::role:Viewer";

	private static final String DNS_BINDING_UNDER_IS = "crn:v1:bluemix:public:is::::serviceRole:DNSBindingConnector";

	private static final String DNS_BINDING_UNDER_IAM = "crn:v1:bluemix:public:iam::::serviceRole:DNSBindingConnector";

	private final RecipeCatalog catalog = new RecipeCatalog();

	private final PolicyDocument volume = catalog.expand(catalog.intent("vpc-backup", Map.of("accountId", ACCOUNT)))
		.get(0);

	private final PolicyDocument dnsSharing = catalog.expand(catalog.intent("vpe-dns-sharing", Map.of("spokeAccountId",
			OTHER, "hubAccountId", ACCOUNT, "hubVpcId", "r006-fd189c4f-52a0-4694-abfd-186cb6011a3c")))
		.get(0);

	@Test
	void theOrderOfAttributesAndRolesAndAnExplicitStringEqualsMakeNoDifference() {
		PolicyDocument reordered = new PolicyDocument(volume.type(),
				List.of(new PolicyDocument.Subject(reversed(volume.subjects().get(0).attributes()))),
				List.of(new PolicyDocument.Role(OPERATOR)),
				List.of(new PolicyDocument.Resource(reversed(volume.resources()
					.get(0)
					.attributes()
					.stream()
					.map(a -> new Attribute(a.name(), a.value(), "stringEquals"))
					.toList()))));

		assertThat(PolicyIdentity.of(reordered)).isEqualTo(PolicyIdentity.of(volume));
	}

	@Test
	void aDescriptionMakesNoDifferenceAsInIamsConflictDetection() {
		assertThat(PolicyIdentity.of(volume.describedAs("s2s-broker grant 1 policy 0")))
			.isEqualTo(PolicyIdentity.of(volume));
		assertThat(PolicyIdentity.of(volume.describedAs("Made in the console"))).isEqualTo(PolicyIdentity.of(volume));
	}

	@Test
	void rolesCompareByNameWhateverTheCrnNamespaceIamListsThemUnder() {
		assertThat(dnsSharing.roles()).extracting(PolicyDocument.Role::roleId).containsExactly(DNS_BINDING_UNDER_IS);
		PolicyDocument listed = withRoles(dnsSharing, DNS_BINDING_UNDER_IAM);

		assertThat(PolicyIdentity.of(listed)).isEqualTo(PolicyIdentity.of(dnsSharing));
		assertThat(PolicyIdentity.of(listed).holds(PolicyIdentity.of(dnsSharing))).isTrue();
		assertThat(PolicyIdentity.missingRoles(dnsSharing, listed)).isEmpty();
		assertThat(PolicyIdentity.roleName(DNS_BINDING_UNDER_IAM)).isEqualTo("DNSBindingConnector");
	}

	@Test
	void aChangedRoleMakesAnotherPolicyInTheSamePlace() {
		PolicyDocument edited = withRoles(volume, VIEWER);

		assertThat(PolicyIdentity.of(edited)).isNotEqualTo(PolicyIdentity.of(volume));
		assertThat(PolicyIdentity.of(edited).place()).isEqualTo(PolicyIdentity.of(volume).place());
	}

	@Test
	void aChangedAttributeOrOperatorMakesAnotherPlace() {
		PolicyDocument oneVolume = withResource(volume, new Attribute("volumeId", "r006-0a1b2c3d"));
		PolicyDocument matching = withResource(volume, new Attribute("volumeId", "*", "stringMatch"));

		assertThat(PolicyIdentity.Place.of(oneVolume)).isNotEqualTo(PolicyIdentity.Place.of(volume));
		assertThat(PolicyIdentity.Place.of(matching)).isNotEqualTo(PolicyIdentity.Place.of(volume));
		assertThat(PolicyIdentity.of(matching).holds(PolicyIdentity.of(volume))).isFalse();
	}

	@Test
	void aPolicyHoldsAnotherWithTheSamePlaceAndEveryRoleNameAndNotWithARoleLess() {
		PolicyIdentity wanted = PolicyIdentity.of(volume);

		assertThat(PolicyIdentity.of(withRoles(volume, VIEWER, OPERATOR)).holds(wanted)).as("a role more").isTrue();
		assertThat(PolicyIdentity.of(withRoles(volume, VIEWER)).holds(wanted)).as("a role less").isFalse();
		assertThat(wanted.holds(PolicyIdentity.of(withRoles(volume, VIEWER, OPERATOR)))).isFalse();
	}

	@Test
	void theMissingRolesAreTheWantedDocumentsCrnsWhoseNamesTheHeldPolicyLacksSorted() {
		PolicyDocument wanted = withRoles(dnsSharing, VIEWER, DNS_BINDING_UNDER_IS, OPERATOR);

		assertThat(PolicyIdentity.missingRoles(wanted, withRoles(dnsSharing, DNS_BINDING_UNDER_IAM)))
			.containsExactly(OPERATOR, VIEWER);
		assertThat(PolicyIdentity.missingRoles(wanted, withRoles(dnsSharing, VIEWER))).containsExactly(OPERATOR,
				DNS_BINDING_UNDER_IS);
		assertThat(PolicyIdentity.missingRoles(wanted, withRoles(dnsSharing, VIEWER, OPERATOR, DNS_BINDING_UNDER_IAM)))
			.isEmpty();
	}

	@Test
	void anIdentityReadsAsItsPlaceAndRoleNames() {
		assertThat(PolicyIdentity.of(withResource(volume, new Attribute("volumeId", "*", "stringMatch"))))
			.hasToString("authorization subject {accountId=" + ACCOUNT + ", resourceType=backup-policy, serviceName=is}"
					+ " resource {accountId=" + ACCOUNT + ", serviceName=is, volumeId stringMatch *}"
					+ " with roles [Operator]");
	}

	private static List<Attribute> reversed(List<Attribute> attributes) {
		List<Attribute> reversed = new ArrayList<>(attributes);
		Collections.reverse(reversed);
		return reversed;
	}

	private static PolicyDocument withRoles(PolicyDocument document, String... roles) {
		return new PolicyDocument(document.type(), document.subjects(),
				List.of(roles).stream().map(PolicyDocument.Role::new).toList(), document.resources());
	}

	/** The document with one resource attribute replaced by name. */
	private static PolicyDocument withResource(PolicyDocument document, Attribute replacement) {
		return new PolicyDocument(document.type(), document.subjects(), document.roles(),
				List.of(new PolicyDocument.Resource(document.resources()
					.get(0)
					.attributes()
					.stream()
					.map(a -> a.name().equals(replacement.name()) ? replacement : a)
					.toList())));
	}

}

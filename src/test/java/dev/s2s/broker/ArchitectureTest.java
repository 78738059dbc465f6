package dev.s2s.broker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The dependency rules of STYLE.md, stated where the next engineer can see them fail. */
class ArchitectureTest {

	private static final JavaClasses broker = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.s2s.broker");

	@Test
	void recipesArePureCodeThatDependsOnNothingElseOfOurs() {
		noClasses().that()
			.resideInAPackage("dev.s2s.broker.recipe")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.s2s.broker.grant..", "dev.s2s.broker.iam..", "dev.s2s.broker.web..",
					"org.springframework.jdbc..", "org.springframework.web..")
			.check(broker);
	}

	@Test
	void onlyTheIamAdapterSpeaksHttpToIam() {
		noClasses().that()
			.resideOutsideOfPackage("dev.s2s.broker.iam..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web.client..", "com.ibm.cloud.sdk..", "okhttp3..",
					"org.springframework.retry..")
			.check(broker);
	}

	/** Grants, idempotency keys and the audit trail each own their tables; nothing else touches SQL. */
	@Test
	void onlyGrantsAndIdempotencyKeysKnowSql() {
		noClasses().that()
			.resideOutsideOfPackages("dev.s2s.broker.grant", "dev.s2s.broker.idempotency", "dev.s2s.broker.access")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
			.check(broker);
	}

	@Test
	void theIamAdapterKnowsNothingOfGrantsOrTheWeb() {
		noClasses().that()
			.resideInAPackage("dev.s2s.broker.iam..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.s2s.broker.grant..", "dev.s2s.broker.web..")
			.check(broker);
	}

}

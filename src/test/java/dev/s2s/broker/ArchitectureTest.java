package dev.s2s.broker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of README's "How it is built", stated where the next engineer sees
 * them fail. Each rule's name says exactly what it checks.
 */
class ArchitectureTest {

	private static final String BROKER = "dev.s2s.broker";

	private static final JavaClasses broker = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(BROKER);

	/** A feature with its subpackages (grant and grant.web, say) is one slice here. */
	@Test
	void noFeatureIsPartOfADependencyCycle() {
		slices().matching(BROKER + ".(*)..").should().beFreeOfCycles().check(broker);
	}

	@Test
	void noPackageOrSubpackageIsPartOfADependencyCycle() {
		slices().matching(BROKER + ".(**)").should().beFreeOfCycles().check(broker);
	}

	@Test
	void theRecipeCatalogDependsOnNoOtherPackageOfOursNorOnHttpOrSql() {
		noClasses().that()
			.resideInAPackage(BROKER + ".recipe")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(BROKER + ".access..", BROKER + ".catalog..", BROKER + ".grant..", BROKER + ".iam..",
					BROKER + ".idempotency..", BROKER + ".inventory..", BROKER + ".persistence..",
					BROKER + ".refusal..", BROKER + ".web..", "org.springframework.jdbc..", "org.springframework.web..",
					"org.springframework.http..", "java.sql..", "jakarta.servlet..")
			.check(broker);
	}

	@Test
	void theIamAdapterDependsOnNoPackageOfOursButTheRecipeCatalog() {
		noClasses().that()
			.resideInAPackage(BROKER + ".iam..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(BROKER + ".access..", BROKER + ".catalog..", BROKER + ".grant..",
					BROKER + ".idempotency..", BROKER + ".inventory..", BROKER + ".persistence..", BROKER + ".web..",
					BROKER + ".recipe.web..")
			.check(broker);
	}

	@Test
	void onlyTheIamAdapterUsesHttpClientsTheIbmSdkOrRetries() {
		noClasses().that()
			.resideOutsideOfPackage(BROKER + ".iam..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web.client..", "com.ibm.cloud.sdk..", "okhttp3..",
					"org.springframework.retry..")
			.check(broker);
	}

	/**
	 * The domain knows nothing of HTTP: a feature's refusals are {@code Refusal}s, which
	 * {@code web} answers as problems; its controllers, filters and their wiring live in
	 * its {@code web} subpackage. The IAM adapter speaks HTTP to IAM.
	 */
	@Test
	void onlyWebPackagesAndTheIamAdapterUseSpringWebHttpOrServletTypes() {
		noClasses().that()
			.resideOutsideOfPackages(BROKER + "..web..", BROKER + ".iam..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..")
			.check(broker);
	}

	@Test
	void refusalsDependOnNothingButTheJdk() {
		classes().that()
			.resideInAPackage(BROKER + ".refusal..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(BROKER + ".refusal..", "java..", "org.jspecify..")
			.check(broker);
	}

	@Test
	void onlyRepositoryClassesUseJdbc() {
		noClasses().that()
			.areNotAnnotatedWith(Repository.class)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
			.check(broker);
	}

	@Test
	void theSharedWebPackageDependsOnNoFeature() {
		noClasses().that()
			.resideInAPackage(BROKER + ".web")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(BROKER + ".access..", BROKER + ".catalog..", BROKER + ".grant..", BROKER + ".iam..",
					BROKER + ".idempotency..", BROKER + ".inventory..", BROKER + ".recipe..")
			.check(broker);
	}

	@Test
	void controllersOnlyTranslateHttpTheyNeitherAuthorizeNorTouchRepositoriesNorIam() {
		noClasses().that()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(BROKER + ".iam..", "org.springframework.jdbc..")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName(BROKER + ".access.Access")
			.orShould()
			.dependOnClassesThat()
			.areAnnotatedWith(Repository.class)
			.check(broker);
	}

}

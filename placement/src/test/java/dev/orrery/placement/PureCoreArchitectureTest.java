package dev.orrery.placement;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The matching, Binding, transport, status, rollout and StatusCollector cores stay pure: no
 * Kubernetes client, no controller kit, no I/O.
 */
class PureCoreArchitectureTest {

  private static final String[] CORE_PACKAGES = {
    "dev.orrery.placement.match..",
    "dev.orrery.placement.binding..",
    "dev.orrery.placement.transport..",
    "dev.orrery.placement.status.."
  };

  private static final String COLLECTOR_PACKAGE = "dev.orrery.placement.collector..";

  private static final String[] PURE_PACKAGES = {
    "dev.orrery.placement.match..",
    "dev.orrery.placement.binding..",
    "dev.orrery.placement.transport..",
    "dev.orrery.placement.status..",
    "dev.orrery.placement.rollout..",
    "dev.orrery.placement.cel..",
    COLLECTOR_PACKAGE
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.orrery.placement");
  }

  @Test
  void everyPureCorePackageHasClassesToCheck() {
    for (String pkg : PURE_PACKAGES) {
      String name = pkg.substring(0, pkg.length() - 2);
      assertThat(classes.stream().filter(c -> c.getPackageName().equals(name)))
          .as(name)
          .isNotEmpty();
    }
  }

  @Test
  void pureCoreDoesNotUseTheKubernetesClient() {
    rule("io.fabric8..").check(classes);
  }

  @Test
  void pureCoreDoesNotUseTheControllerKit() {
    // controller-kit is bound to fabric8: the pure core keeps its own helpers (match.Unstructured).
    // GoDurations alone is plain Java, shared so that every duration is spelled and read one way.
    noClasses()
        .that()
        .resideInAnyPackage(PURE_PACKAGES)
        .should()
        .dependOnClassesThat(
            JavaClass.Predicates.resideInAPackage("dev.orrery.controller..")
                .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("GoDurations"))))
        .because("the placement core computes desired state from values; controllers do the I/O")
        .check(classes);
  }

  @Test
  void pureCoreDoesNoNetworkOrFileIo() {
    rule("java.net..").check(classes);
    rule("java.nio.file..").check(classes);
    rule("java.nio.channels..").check(classes);
    noClasses()
        .that()
        .resideInAnyPackage(PURE_PACKAGES)
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.File")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileInputStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileOutputStream")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileReader")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.FileWriter")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.RandomAccessFile")
        .because("the placement core computes desired state from values; controllers do the I/O")
        .check(classes);
  }

  @Test
  void pureCoreDoesNotDependOnControllersOrCollectors() {
    rule("dev.orrery.placement.controller..").check(classes);
    rule(CORE_PACKAGES, COLLECTOR_PACKAGE).check(classes);
  }

  private static ArchRule rule(String forbidden) {
    return rule(PURE_PACKAGES, forbidden);
  }

  private static ArchRule rule(String[] packages, String forbidden) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .because("the placement core computes desired state from values; controllers do the I/O");
  }
}

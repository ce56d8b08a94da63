package dev.orrery.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The controller kit is plumbing below every loop: it knows fabric8 and logging, never what a loop
 * reconciles (placement, GitSources, rendering, Git).
 */
class ControllerKitArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.orrery.controller");
  }

  @Test
  void thereAreClassesToCheck() {
    assertThat(classes).isNotEmpty();
  }

  @Test
  void theKitDependsOnNoOtherOrreryModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.orrery.controller..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.orrery.placement..",
            "dev.orrery.app..",
            "dev.orrery.renderer..",
            "dev.orrery.gitsource..",
            "dev.orrery.spaces..")
        .because(
            "controller-kit is the plumbing every loop shares; the loops depend on it, not the reverse")
        .check(classes);
  }

  @Test
  void theKitDoesNotUseMicronautOrGit() {
    noClasses()
        .that()
        .resideInAPackage("dev.orrery.controller..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micronaut..", "org.eclipse.jgit..")
        .because("the kit is used by the placement library as well as by the service")
        .check(classes);
  }
}

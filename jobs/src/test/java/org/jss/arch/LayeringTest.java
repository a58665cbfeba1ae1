package org.jss.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages' layering, read from the production classes: each package uses only the packages below
 * it (each package-info says what it owns and may use), and no two packages depend on each other. A
 * change that makes io call a stage, or a stage call the command line, fails here.
 */
class LayeringTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.jss");

  @Test
  void eachPackageUsesOnlyTheLayersBelowIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("base").definedBy("org.jss.base..")
        .layer("config").definedBy("org.jss.config..")
        .layer("io").definedBy("org.jss.io..")
        .layer("pipeline").definedBy("org.jss.pipeline..")
        .layer("facts").definedBy("org.jss.facts..")
        .layer("reporting").definedBy("org.jss.reporting..")
        .layer("scoring").definedBy("org.jss.scoring..")
        .layer("inactivity").definedBy("org.jss.inactivity..")
        .layer("anomaly").definedBy("org.jss.anomaly..")
        .layer("fees").definedBy("org.jss.fees..")
        .layer("ingest").definedBy("org.jss.ingest..")
        .layer("generate").definedBy("org.jss.generate..")
        .layer("serve").definedBy("org.jss.serve..")
        .layer("cli").definedBy("org.jss.cli..")
        .whereLayer("base").mayNotAccessAnyLayer()
        .whereLayer("config").mayOnlyAccessLayers("base")
        .whereLayer("io").mayOnlyAccessLayers("base")
        .whereLayer("pipeline").mayOnlyAccessLayers("base", "config", "io")
        .whereLayer("facts").mayOnlyAccessLayers("base", "config", "io", "pipeline")
        .whereLayer("reporting").mayOnlyAccessLayers("base", "config", "io")
        .whereLayer("scoring")
        .mayOnlyAccessLayers("base", "config", "io", "pipeline", "facts", "reporting")
        .whereLayer("inactivity")
        .mayOnlyAccessLayers("base", "config", "io", "pipeline", "facts", "scoring")
        .whereLayer("anomaly").mayOnlyAccessLayers("base", "config", "io", "pipeline", "facts")
        .whereLayer("fees").mayOnlyAccessLayers("base", "config", "io", "pipeline", "facts")
        .whereLayer("ingest").mayOnlyAccessLayers("base", "config", "io")
        .whereLayer("generate").mayOnlyAccessLayers("base", "config", "io")
        .whereLayer("serve").mayOnlyAccessLayers("base", "config", "io", "reporting")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .check(MAIN);
  }

  @Test
  void noPackageLoops() {
    slices().matching("org.jss.(*)..").should().beFreeOfCycles().check(MAIN);
  }
}

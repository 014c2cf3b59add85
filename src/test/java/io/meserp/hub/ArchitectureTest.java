package io.meserp.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape the code keeps (docs/erp-connectors.md, "Code shape"): the ERP edge knows the connector contract and the
 * guarantees, never a workflow; dependencies point from the workflows to erp, plant, event and ledger.
 */
class ArchitectureTest {

    private static final String[] WORKFLOWS = {"io.meserp.hub.confirmation..", "io.meserp.hub.movement..",
            "io.meserp.hub.quality..", "io.meserp.hub.downtime..", "io.meserp.hub.release..",
            "io.meserp.hub.reconciliation..", "io.meserp.hub.exceptions..", "io.meserp.hub.ops..", "io.meserp.hub.kpi.."};

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.meserp.hub");
    }

    @Test
    void theErpEdgeImportsNoWorkflow() {
        noClasses().that().resideInAPackage("io.meserp.hub.erp..").should().dependOnClassesThat()
                .resideInAnyPackage(WORKFLOWS).because("workflows map their payloads to the connector contract,"
                        + " not the other way round").check(classes);
    }

    @Test
    void plantEventAndLedgerImportNoWorkflow() {
        noClasses().that().resideInAnyPackage("io.meserp.hub.plant..", "io.meserp.hub.event..", "io.meserp.hub.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage(WORKFLOWS).check(classes);
    }

    @Test
    void plantEventAndLedgerDoNotReachForTheErp() {
        noClasses().that().resideInAnyPackage("io.meserp.hub.plant..", "io.meserp.hub.event..", "io.meserp.hub.ledger..")
                .should().dependOnClassesThat().resideInAPackage("io.meserp.hub.erp..")
                .because("the ERP edge builds on plants, events and the ledger, not the other way round").check(classes);
    }

    @Test
    void noSourceFileOverFourHundredLines() throws IOException {
        List<String> long_;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            long_ = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > 400)
                    .map(f -> f + " (" + lines(f) + " lines)").toList();
        }
        assertThat(long_).as("source files over 400 lines").isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> l = Files.lines(file)) {
            return l.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.meserp.hub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.TestExecutionListeners;

import static org.awaitility.Awaitility.await;

/**
 * Base of end-to-end tests: the whole hub on its embedded profile (embedded Artemis, database, ERP sandbox
 * over HTTP on a random port), a data directory of its own, and short timings so faults resolve quickly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("embedded")
@TestExecutionListeners(listeners = QuietWhenDone.class, mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public abstract class HubTestSupport {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected SandboxErp erp;

    /** Test timings: quick read lock, short ERP timeout and backoff, a breaker that recovers within a second. */
    protected static void hubProperties(DynamicPropertyRegistry registry, Path dataDir) {
        registry.add("hub.data-dir", dataDir::toString);
        registry.add("hub.plants.read-lock-min-age", () -> "100");
        registry.add("hub.plants.poll-delay", () -> "200");
        registry.add("hub.erp.read-timeout", () -> "600ms");
        // the sandbox books before it hangs, in this JVM: a second is enough for it to have settled
        registry.add("hub.erp.settle-time", () -> "1s");
        registry.add("hub.erp.retry.initial-delay", () -> "100");
        registry.add("hub.erp.retry.max-delay", () -> "1000");
        registry.add("hub.erp.breaker.wait-in-open-state", () -> "1s");
        registry.add("hub.sandbox.hang-timeout", () -> "5s");
    }

    /** The repository's plant folders plus the given test plant folders, as the hub's mappings directory. */
    protected static void plantsWith(DynamicPropertyRegistry registry, Path dataDir, String... testPlantDirs) {
        Path mappings = dataDir.resolve("mappings");
        try {
            Files.createDirectories(mappings);
            org.springframework.util.FileSystemUtils.copyRecursively(Path.of("mappings/plants"), mappings);
            for (String dir : testPlantDirs) {
                Path source = Path.of(dir);
                org.springframework.util.FileSystemUtils.copyRecursively(source, mappings.resolve(source.getFileName()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        registry.add("hub.plants.mappings-dir", mappings::toString);
    }

    protected static Path newDataDir() {
        return TestFiles.newDataDir();
    }

    /** Each test starts with a healthy, empty ERP and nothing of an earlier test still in flight. */
    @BeforeEach
    void sandbox() {
        erp = new SandboxErp(port, erpPassword());
        erp.clearFaults();
        await().atMost(Duration.ofMinutes(3)).until(() -> inFlight() == 0);
        erp.reset();
    }

    protected abstract Path dataDir();

    /** The ERP technical user's password the test gave the hub (the sandbox checks the same one). */
    protected String erpPassword() {
        return "sandbox-demo";
    }

    protected Path plantDir(String plant) {
        return dataDir().resolve("plants").resolve(plant);
    }

    /** Drops a file as a plant would: written under a temporary name, then renamed into the inbox. */
    protected void drop(String plant, String name, byte[] content) {
        TestFiles.drop(dataDir(), plant, name, content);
    }

    /** Files in a plant folder (archive is searched below its date folders). */
    protected List<Path> files(String plant, String folder) {
        try (Stream<Path> walk = Files.walk(plantDir(plant).resolve(folder))) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the ERP holds {@code expected} confirmations and the hub has nothing left in flight. */
    protected void awaitBooked(long expected, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> erp.count() >= expected && inFlight() == 0);
    }

    /** Events queued but neither posted nor turned into an exception. */
    protected long inFlight() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE status IN ('VALIDATED', 'QUEUED')", Long.class);
    }
}

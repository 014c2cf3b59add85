package io.meserp.hub.reliability;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;

import io.meserp.hub.support.HubJvm;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.SandboxErp;
import io.meserp.hub.support.TestFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One big file must not keep the hub in a crash loop: a valid file of 400,000 JSON records (about 90 MB; JSON is read
 * whole, and its size limit is raised here) is more than the hub at -Xmx256m can read. (A CSV of any size no longer
 * is: it is read in slices.) The hub runs out of memory, stops (-XX:+ExitOnOutOfMemoryError, as the README's run
 * command and the image start it) and is started again; after hub.plants.max-take-attempts such stops the file is set
 * aside to error/ with a report and an exception record, the hub is healthy, and the next file flows.
 */
class CrashLoopIT {

    @Test
    void aFileTheHubKeepsStoppingOnIsSetAsideAndTheNextFileFlows() throws Exception {
        Path dir = TestFiles.newDataDir().toAbsolutePath();
        Path data = dir.resolve("hub-data");
        HubJvm hub = new HubJvm("hub", HubJvm.freePort(), dir.resolve("logs/hub.log"), "256m", List.of(
                "--spring.profiles.active=embedded", "--hub.data-dir=" + data, "--hub.plants.max-file-size=200MB",
                "--hub.plants.max-document-size=200MB",
                "--hub.plants.read-lock-min-age=300", "--hub.plants.poll-delay=300", "--hub.plants.max-take-attempts=3",
                "--hub.release.poll-interval=3600000", "--hub.reconciliation.check-interval=3600000"));
        try {
            hub.start();
            Path inbox = data.resolve("plants/plant-1000/inbox");
            Path big = bigFile(dir.resolve("rueck-gross.json"), 400_000);
            assertThat(Files.size(big)).isGreaterThan(80_000_000L);
            Files.move(big, inbox.resolve("rueck-gross.json"));

            int stops = 0;
            while (!setAside(data)) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> !hub.alive() || setAside(data));
                if (!hub.alive()) {
                    stops++;
                    assertThat(stops).as("stops before the file is set aside").isLessThanOrEqualTo(3);
                    hub.launch();
                }
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(hub::healthy);
            assertThat(stops).isEqualTo(3);
            assertThat(Files.readString(report(data))).contains("stopped 3 times").contains("rueck-gross.json");

            SandboxErp erp = new SandboxErp(hub.port());
            erp.reset();
            TestFiles.drop(data, "plant-1000", "rueck-klein.csv",
                    Plant1000Csv.generate(10, 10, LocalDateTime.of(2026, 10, 24, 6, 0)).bytes());
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> erp.count() == 10);
            assertThat(new io.meserp.hub.support.HubApi(hub.port()).get("viewer", "/api/exceptions?origin=input")
                    .toString()).contains("stopped 3 times");
        } finally {
            hub.close();
        }
    }

    private static boolean setAside(Path data) throws java.io.IOException {
        try (Stream<Path> files = Files.list(data.resolve("plants/plant-1000/error"))) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith("rueck-gross.json.report.json"));
        }
    }

    private static Path report(Path data) throws java.io.IOException {
        try (Stream<Path> files = Files.list(data.resolve("plants/plant-1000/error"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("rueck-gross.json.report.json")).findFirst()
                    .orElseThrow();
        }
    }

    /** Valid plant-1000 confirmations as JSON records (its *.json mapping), {@code rows} of them, written as a stream. */
    private static Path bigFile(Path path, int rows) throws java.io.IOException {
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            out.write("[\n");
            for (int i = 0; i < rows; i++) {
                LocalDateTime start = LocalDateTime.of(2026, 3, 2, 5, 0).plusSeconds(i * 3L);
                out.write(String.format(java.util.Locale.ROOT, "{\"Auftrag\": \"%d\", \"Vorgang\": 10, \"Arbeitsplatz\":"
                        + " \"ASSY-01\", \"Gutmenge\": %d, \"Ausschuss\": 0, \"Einheit\": \"ST\", \"Start\": \"%s\","
                        + " \"Ende\": \"%s\", \"Personalnummer\": \"4711\"}%s%n", 1_000_000 + i % 200, 1 + i % 9,
                        TIME.format(start), TIME.format(start.plusSeconds(2)), i == rows - 1 ? "" : ","));
            }
            out.write("]\n");
        }
        return path;
    }

    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
}

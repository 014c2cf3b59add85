package io.meserp.hub.plant;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the hub reads is what it archives: a plant that renames a new export over the one being read (write, then
 * rename: the pattern the docs recommend) gets both booked, and each archived file holds the bytes that were booked
 * from it. File names too long for "tag-name" on disk are archived (and reported) under a shortened name, and leave
 * the inbox once.
 */
class FileTakeoverIT extends HubTestSupport {

    private static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        // one JMS transaction per event: the big file takes seconds to read, a wide window for the plant's rename
        registry.add("hub.ingest.batch-size", () -> "1");
        // health calls an intake stuck once one file has been in it this long
        registry.add("hub.plants.stuck-after", () -> "1s");
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void aFileRenamedOverTheOneBeingReadIsAFileOfItsOwn() throws Exception {
        Plant1000Csv big = Plant1000Csv.generate(1500, 150, LocalDateTime.of(2026, 10, 21, 6, 0));
        Plant1000Csv small = Plant1000Csv.generate(3, 3, LocalDateTime.of(2026, 10, 22, 6, 0));
        drop("plant-1000", "rueck.csv", big.bytes());
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM hub_event WHERE source LIKE 'rueck.csv %'", Long.class) > 0);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE source LIKE 'rueck.csv %'", Long.class))
                .as("the rename comes while the big file is being read").isLessThan(1500);
        // a file in the intake for longer than hub.plants.stuck-after: health and the ops page's KPIs name it
        HubApi api = new HubApi(port);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> api.call("viewer", "GET",
                "/actuator/health", null).body().contains("STUCK: file rueck.csv"));
        assertThat(api.call("viewer", "GET", "/actuator/health", null).statusCode()).isEqualTo(503);
        drop("plant-1000", "rueck.csv", small.bytes());

        awaitBooked(1503, Duration.ofMinutes(3));
        await().atMost(Duration.ofSeconds(30)).until(() -> archived("-rueck.csv").size() == 2);
        assertThat(erp.count()).isEqualTo(1503);
        List<byte[]> archived = archived("-rueck.csv").stream().map(FileTakeoverIT::read).toList();
        assertThat(archived).anySatisfy(a -> assertThat(a).isEqualTo(big.bytes()));
        assertThat(archived).anySatisfy(a -> assertThat(a).isEqualTo(small.bytes()));
        assertThat(files("plant-1000", "inbox")).isEmpty();
        assertThat(files("plant-1000", "work")).isEmpty();
        assertThat(api.get("viewer", "/api/kpis").path("intake").toString()).contains("FLOWING");
        assertThat(api.call("viewer", "GET", "/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void longFileNamesAreArchivedAndReportedUnderAShortenedName() throws Exception {
        String good = "rueck-" + "x".repeat(234) + ".csv";
        String bad = "rueck-" + "y".repeat(230) + ".csv";
        assertThat(good.length()).isEqualTo(244);
        drop("plant-1000", good, Plant1000Csv.generate(5, 5, LocalDateTime.of(2026, 10, 23, 6, 0)).bytes());
        drop("plant-1000", bad, "not;a;plant;1000;file\n1;2;3;4;5\n".getBytes(StandardCharsets.UTF_8));

        awaitBooked(5, Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> files("plant-1000", "inbox").isEmpty()
                && files("plant-1000", "error").stream().anyMatch(p -> p.toString().endsWith(".report.json")));
        Path archived = files("plant-1000", "archive").stream().filter(p -> p.getFileName().toString().contains("rueck-xxx"))
                .findFirst().orElseThrow();
        assertThat(archived.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        Path report = files("plant-1000", "error").stream().filter(p -> p.toString().endsWith(".report.json"))
                .findFirst().orElseThrow();
        assertThat(Files.readString(report)).contains(bad);
        // the ledger and the exception record keep the whole names; each file was taken once
        assertThat(jdbc.queryForList("SELECT outcome FROM hub_file WHERE file_name = ?", String.class, good))
                .containsExactly("ARCHIVED");
        assertThat(jdbc.queryForList("SELECT outcome FROM hub_file WHERE file_name = ?", String.class, bad))
                .containsExactly("REJECTED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE source = ?", Long.class, bad)).isEqualTo(1);
        assertThat(erp.count()).isEqualTo(5);
    }

    private List<Path> archived(String suffix) {
        return files("plant-1000", "archive").stream().filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

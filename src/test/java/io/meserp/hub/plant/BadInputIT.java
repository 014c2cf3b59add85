package io.meserp.hub.plant;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad input corpus (src/test/resources/bad-input, table in docs/bad-input.md) dropped all at once beside a good
 * file: each bad file gets the outcome and the report the table says, the good file is booked in full, and the hub
 * stays healthy.
 */
class BadInputIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Path CORPUS = Path.of("src/test/resources/bad-input");
    private static final Path TABLE = Path.of("docs/bad-input.md");
    private static final LocalDateTime DAY = LocalDateTime.of(2026, 9, 28, 8, 0);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        registry.add("hub.plants.max-file-size", () -> "2MB");
        // as in production: a file must stay unchanged for a second before it is read
        registry.add("hub.plants.read-lock-min-age", () -> "1000");
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    record Row(String file, boolean madeByTest, String plant, String outcome, String says) {
    }

    static List<Row> table() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String file = cells[1].trim();
            boolean made = file.contains("(made by the test)");
            file = file.replace("(made by the test)", "").trim().replace("`", "");
            rows.add(new Row(file, made, cells[2].trim(), cells[4].trim(), cells[5].trim()));
        }
        return rows;
    }

    @Test
    void everyBadFileGetsItsOutcomeAndNothingElseIsAffected() throws Exception {
        List<Row> rows = table();
        assertThat(rows.stream().filter(r -> !r.madeByTest()).count()).as("corpus files").isGreaterThanOrEqualTo(30);
        try (var files = Files.list(CORPUS)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("every corpus file has its row").containsExactlyInAnyOrderElementsOf(
                            rows.stream().filter(r -> !r.madeByTest()).map(Row::file).toList());
        }

        Plant1000Csv good = Plant1000Csv.generate(50, 50, DAY);
        Plant1000Csv slow = new Plant1000Csv();
        for (int i = 0; i < 10; i++) {
            slow.add(Integer.toString(1000150 + i), "0010", "ASSY-01", java.math.BigDecimal.TEN, java.math.BigDecimal.ZERO,
                    DAY.plusHours(2), DAY.plusHours(2).plusMinutes(10));
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeSlowly("still-being-written.csv", slow));
        for (Row row : rows) {
            if (!row.madeByTest()) {
                drop(row.plant(), row.file(), Files.readAllBytes(CORPUS.resolve(row.file())));
            }
        }
        Path inbox = plantDir("plant-1000").resolve("inbox");
        Files.createSymbolicLink(inbox.resolve("symlink.csv"), Path.of("/etc/passwd"));
        Plant1000Csv escape = new Plant1000Csv();
        escape.add("1000040", "0010", "ASSY-01", java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO, DAY, DAY.plusMinutes(5));
        drop("plant-1000", "drop\\..\\..\\escape.csv", escape.bytes());
        drop("plant-1000", "too-large.csv", tooLarge());
        drop("plant-1000", "good-beside-the-bad.csv", good.bytes());
        writer.get();

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                inboxEmpty("plant-1000") && inboxEmpty("plant-2000") && inFlight() == 0
                        && jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE reason LIKE '%RU/101%'", Long.class) > 0);

        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            String problem = check(row);
            if (problem != null) {
                wrong.add(row.file() + ": " + problem);
            }
        }
        assertThat(wrong).isEmpty();

        // the good file and the slowly written one are booked in full, nothing else was harmed
        List<String> booked = erp.confirmations().stream().map(c -> c.path("OrderID").asText()).toList();
        good.rows().forEach(r -> assertThat(booked).contains(r.order()));
        slow.rows().forEach(r -> assertThat(booked).contains(r.order()));
        assertThat(Files.readString(Path.of("/etc/passwd"))).contains("root");
        assertThat(Files.exists(DATA.resolve("plants").resolve("escape.csv"))).isFalse();
        assertThat(new HubApi(port).get(null, "/actuator/health").path("status").asText()).isEqualTo("UP");
    }

    private String check(Row row) throws IOException {
        String name = PlantFileNames.plain(row.file());
        Optional<Path> inError = find(row.plant(), "error", name);
        Optional<Path> report = find(row.plant(), "error", name + ".report.json");
        Optional<Path> archived = find(row.plant(), "archive", name);
        String says = row.says().equals("-") ? null : row.says().toLowerCase(Locale.ROOT);
        switch (row.outcome()) {
            case "refused", "partial" -> {
                if (inError.isEmpty() || report.isEmpty()) {
                    return "expected in error/ with a report, archived=" + archived.isPresent() + " error=" + inError.isPresent();
                }
                if (Files.size(report.get()) > 64 * 1024) {
                    return "report is " + Files.size(report.get()) + " bytes";
                }
                String text = Files.readString(report.get(), StandardCharsets.UTF_8);
                String expected = row.outcome().equals("refused") ? "\"outcome\" : \"rejected\"" : "\"outcome\" : \"partially-rejected\"";
                if (!text.contains(expected)) {
                    return "report is not " + row.outcome() + ": " + text;
                }
                if (says != null && !text.toLowerCase(Locale.ROOT).contains(says)) {
                    return "report does not say '" + row.says() + "': " + text;
                }
                long records = jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE source LIKE ? OR source = ?",
                        Long.class, name.replace("_", "\\_").replace("%", "\\%") + " %", name);
                if (records == 0) {
                    return "no exception record";
                }
                return null;
            }
            case "accepted", "waits" -> {
                return archived.isPresent() && report.isEmpty() ? null : "expected archived without a report, error="
                        + inError.isPresent();
            }
            case "exception" -> {
                if (archived.isEmpty()) {
                    return "expected archived";
                }
                List<String> reasons = jdbc.queryForList("SELECT x.reason FROM hub_exception x JOIN hub_event e"
                        + " ON e.event_id = x.event_id WHERE e.source LIKE ?", String.class, name + " %");
                return reasons.stream().anyMatch(r -> says == null || r.toLowerCase(Locale.ROOT).contains(says)) ? null
                        : "no exception saying '" + row.says() + "': " + reasons;
            }
            default -> {
                return "unknown outcome " + row.outcome();
            }
        }
    }

    private Optional<Path> find(String plant, String folder, String name) throws IOException {
        Path dir = plantDir(plant).resolve(folder);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (var walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || Files.isSymbolicLink(p)).filter(p -> {
                        String f = p.getFileName().toString();
                        return f.endsWith("-" + name) && f.length() > name.length() + 10;
                    }).findFirst();
        }
    }

    /** Nothing waits in the inbox and nothing is being read (work/&lt;hub&gt;/ holds a file until it is archived). */
    private boolean inboxEmpty(String plant) throws IOException {
        Path work = plantDir(plant).resolve("work");
        try (var files = Files.list(plantDir(plant).resolve("inbox"))) {
            if (files.anyMatch(p -> !p.getFileName().toString().startsWith("."))) {
                return false;
            }
        }
        if (!Files.isDirectory(work)) {
            return true;
        }
        try (var reading = Files.walk(work)) {
            return reading.noneMatch(Files::isRegularFile);
        }
    }

    private static byte[] tooLarge() {
        StringBuilder text = new StringBuilder(Plant1000Csv.HEADER).append('\n');
        String line = ";1000060;10;ASSY-01;1;0;0;ST;;28.09.2026 07:00:00;28.09.2026 07:20:00;4711;\n";
        while (text.length() < 3 * 1024 * 1024) {
            text.append(line);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a file into the inbox in pieces, each a little before the read lock would let the hub take it. */
    private void writeSlowly(String name, Plant1000Csv csv) {
        Path file = plantDir("plant-1000").resolve("inbox").resolve(name);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            out.write((Plant1000Csv.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (String line : csv.lines()) {
                // pacing the writer (not waiting for a result): less than the read lock's second between pieces
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(400).toNanos());
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

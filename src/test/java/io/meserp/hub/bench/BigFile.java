package io.meserp.hub.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.meserp.hub.support.HubJvm;
import io.meserp.hub.support.Plant1000Csv;

import static org.awaitility.Awaitility.await;

/**
 * A large confirmation CSV through a hub started with {@code -Xmx256m} (issue 13, point 6): from the file's landing in
 * plant 1000's inbox to its archiving, that is every row read, validated, recorded and queued, while the hub also
 * books. The hub is killed afterwards; what it had not booked yet does not count here.
 */
final class BigFile {

    record Result(long bytes, long rows, double seconds, double peakHeapMb, double peakRssMb, String outcome) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");

    private BigFile() {
    }

    static Result run(Path dir, HubJvm erpJvm, long megabytes, int orders) throws Exception {
        Path data = dir.resolve("big-hub-data");
        Path file = dir.resolve("workload/rueckmeldungen-gross.csv");
        long rows = write(file, megabytes * 1024 * 1024, orders);
        HubJvm hub = new HubJvm("hub-256m", HubJvm.freePort(), dir.resolve("logs/hub-256m.log"), "256m", List.of(
                "--spring.profiles.active=embedded", "--hub.sandbox.enabled=false",
                "--hub.erp.base-url=" + erpJvm.url("/sandbox/erp"), "--hub.data-dir=" + data,
                "--hub.release.poll-interval=3600000", "--hub.reconciliation.check-interval=3600000"));
        try (hub) {
            hub.start();
            Path plant = data.resolve("plants/plant-1000");
            Path landing = plant.resolve("inbox/" + file.getFileName() + ".part");
            Files.copy(file, landing);
            long landed = System.nanoTime();
            Files.move(landing, plant.resolve("inbox/" + file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            double[] peakHeap = {0};
            String[] outcome = {null};
            await().atMost(Duration.ofHours(6)).pollInterval(Duration.ofSeconds(5)).until(() -> {
                peakHeap[0] = Math.max(peakHeap[0], ThroughputBenchmark.heapMb(hub.pid()));
                outcome[0] = taken(plant, file.getFileName().toString());
                return outcome[0] != null || !hub.alive();
            });
            double seconds = (System.nanoTime() - landed) / 1e9;
            String result = outcome[0] != null ? outcome[0] : "the hub died (see logs/hub-256m.log)";
            return new Result(Files.size(file), rows, seconds, peakHeap[0],
                    hub.alive() ? ThroughputBenchmark.rssPeakMb(hub.pid()) : 0, result);
        }
    }

    /** "archived" or "error" once the file has left the hub's work folder, else null. */
    private static String taken(Path plant, String name) throws IOException {
        for (String where : List.of("archive", "error")) {
            if (!Files.isDirectory(plant.resolve(where))) {
                continue;
            }
            try (Stream<Path> files = Files.walk(plant.resolve(where))) {
                // under its stored name, <tag>-<name>
                if (files.anyMatch(p -> p.getFileName().toString().endsWith("-" + name))) {
                    return where.equals("archive") ? "archived" : "moved to error/";
                }
            }
        }
        return null;
    }

    /** Plant 1000's confirmation rows over {@code orders} orders until the file has {@code bytes}; returns the rows. */
    private static long write(Path file, long bytes, int orders) throws IOException {
        Files.createDirectories(file.getParent());
        // a row a second, ending days before today, whatever the file's size
        LocalDateTime day = ThroughputBenchmark.daysAgo(8).minusSeconds(bytes / 80);
        long rows = 0;
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(Plant1000Csv.HEADER + "\n");
            while (written < bytes) {
                LocalDateTime start = day.plusSeconds(rows);
                String line = String.join(";", "", Integer.toString(5_000_000 + (int) (rows % orders)), "10", "ASSY-01",
                        Long.toString(1 + rows % 9), "0", "0", "ST", "", TIME.format(start),
                        TIME.format(start.plusSeconds(2)), "4711", "") + "\n";
                out.write(line);
                written += line.length();
                rows++;
            }
        }
        return rows;
    }

    static String report(Result r) {
        return String.format(Locale.ROOT, "%nA %,d MB CSV (%,d rows) through a hub with -Xmx256m: %s after %.0f s"
                + " (%.0f rows/s taken in while booking), peak heap %.0f MB, peak RSS %.0f MB.%n", r.bytes() / (1024 * 1024),
                r.rows(), r.outcome(), r.seconds(), r.rows() / r.seconds(), r.peakHeapMb(), r.peakRssMb());
    }
}

package io.meserp.hub.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.meserp.hub.support.HubJvm;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.Plant2000Xml;
import io.meserp.hub.support.SandboxErp;
import io.meserp.hub.support.TestFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Throughput benchmark, not a test (issue 13): {@code mvn -Pbench verify} with {@code -Dbench.events=100000
 * -Dbench.orders=1000 -Dbench.rows=1000 -Dbench.raw-seconds=10}. One ERP sandbox in a JVM of its own serves, one after
 * the other: the point-to-point script a plant would write (bench/baseline.py: one POST per row on one keep-alive
 * connection, no durability), the sandbox's raw accept rate with 1 and 8 keep-alive clients, and the hub on its embedded
 * default with every guarantee on (started as {@code java -jar} starts it), from the files' drop to the last booking, and
 * then its latency at a steady offered rate ({@code -Dbench.rate=200 -Dbench.steady-seconds=30}).
 * It prints the figures and appends them to docs/benchmarks.md with the machine they ran on. With {@code -Dbench.jfr=true}
 * the hub runs under Java Flight Recorder and the report lists where its CPU samples fall (innermost hub, library and
 * JDK frames), from {@code jfr print}.
 */
class ThroughputBenchmark {

    private static final String ERP_PASSWORD = "sandbox-demo";

    record Hub(double eventsPerSecond, double cpuMsPerEvent, double peakHeapMb, double peakRssMb, double startSeconds,
            double firstBookingSeconds, String profile, String latency, String backlog) {
    }

    @Test
    void theHubAgainstTheScriptItReplacesAndTheRawLimits() throws Exception {
        int events = Integer.getInteger("bench.events", 100_000);
        int orders = Integer.getInteger("bench.orders", 1_000);
        int rows = Integer.getInteger("bench.rows", 1_000);
        int rawSeconds = Integer.getInteger("bench.raw-seconds", 10);
        Path dir = TestFiles.newDataDir().toAbsolutePath();
        List<Path> files = workload(dir.resolve("workload"), events, orders, rows);

        try (HubJvm erpJvm = erp(dir)) {
            SandboxErp erp = new SandboxErp(erpJvm.port(), ERP_PASSWORD);
            for (int o = 0; o < orders; o++) {
                erp.createOrder(order(o), true);
            }
            for (int o = 0; o < Math.max(1, orders / 2); o++) {
                erp.createOrder(order2000(o), "2000", true);
            }
            double baseline = baseline(erpJvm, files, events);
            erp.reset();
            double raw1 = raw(erpJvm, 1, rawSeconds);
            double raw8 = raw(erpJvm, 8, rawSeconds);
            erp.reset();
            BrokerLimit.Rates broker = BrokerLimit.measure(dir.resolve("broker-limit"),
                    Integer.getInteger("bench.broker-messages", 50_000), 200, 16);
            // hub.ingest.batch-size and hub.erp.delivery.batch-size as application.yaml sets them
            LedgerLimit.Cost ledger = LedgerLimit.measure(dir.resolve("ledger-limit"),
                    Integer.getInteger("bench.ledger-events", 50_000), orders, 200, 50);
            Hub hub = hub(dir, erpJvm, erp, files, events);
            long bigMb = Long.getLong("bench.big-file-mb", 20);
            String big = bigMb <= 0 ? "" : BigFile.report(BigFile.run(dir, erpJvm, bigMb, orders));
            String report = report(events, orders, rows, baseline, raw1, raw8, hub) + String.format(Locale.ROOT,
                    "%nArtemis with the hub's journal settings, in-VM, persistent messages of 1 KB: %.0f/s sent in"
                    + " transactions of 200, %.0f/s consumed by %d consumers committing each message.%n",
                    broker.sentPerSecond(), broker.consumedPerSecond(), broker.consumers()) + String.format(Locale.ROOT,
                    "%nThe ledger alone (H2 as the embedded default opens it, one thread, %,d events through intake and"
                    + " posting in the hub's batches): %.3f ms CPU per event, %.0f events/s.%n", ledger.events(),
                    ledger.cpuMsPerEvent(), ledger.eventsPerSecond()) + big;
            System.out.println(report);
            Path doc = Path.of("docs/benchmarks.md");
            if (!Files.exists(doc)) {
                Files.writeString(doc, "# Benchmarks\n\nFigures appended by `mvn -Pbench verify`, newest last (under Runs)."
                        + " Targets and what stands in the way: issue 13.\n\n## Runs\n");
            }
            Files.writeString(doc, Files.readString(doc) + "\n" + report, StandardCharsets.UTF_8);
        } finally {
            // a run leaves gigabytes of ledger, journal and workload: only its logs and profile stay
            for (String data : List.of("hub-data", "big-hub-data", "erp-data", "broker-limit", "ledger-limit", "workload",
                    "hub-prepared")) {
                org.springframework.util.FileSystemUtils.deleteRecursively(dir.resolve(data));
            }
        }
    }

    /**
     * The confirmations of two plants: {@code events} over {@code orders} orders, {@code rows} per file, every other file
     * from each. Plant 1000 writes CSV for the first half of the orders, plant 2000 B2MML performance reports (a
     * SegmentResponse per confirmation) for the other half ({@link #plantOf} tells a file's plant by its name).
     */
    private static List<Path> workload(Path dir, int events, int orders, int rows) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        LocalDateTime day = daysAgo(6);
        int half = Math.max(1, orders / 2);
        for (int f = 0; f * rows < events; f++) {
            Plant1000Csv csv = new Plant1000Csv();
            Plant2000Xml xml = new Plant2000Xml(String.format(Locale.ROOT, "PP-2000-%04d", f));
            for (int i = f * rows; i < Math.min(events, (f + 1) * rows); i++) {
                LocalDateTime start = day.plusSeconds(i * 3L);
                BigDecimal yield = new BigDecimal(1 + i % 9);
                if (f % 2 == 0) {
                    csv.add(order(i % half), "0010", "ASSY-01", yield, BigDecimal.ZERO, start, start.plusSeconds(2));
                } else {
                    xml.add(order2000(i % half), yield, start, start.plusSeconds(2));
                }
            }
            Path file = dir.resolve(f % 2 == 0 ? String.format(Locale.ROOT, "rueckmeldungen-%04d.csv", f)
                    : String.format(Locale.ROOT, "performance-%04d.xml", f));
            Files.write(file, f % 2 == 0 ? csv.bytes() : xml.bytes());
            files.add(file);
        }
        return files;
    }

    /** The plant a workload file comes from: plant 2000's MES sends B2MML, plant 1000's CSV. */
    static String plantOf(Path file) {
        return file.getFileName().toString().endsWith(".xml") ? "plant-2000" : "plant-1000";
    }

    /**
     * 06:00 on a day before today: each phase's rows on days of their own (their facts, so their event ids, differ), and
     * never more than a day ahead of the hub's clock, which would refuse them.
     */
    static LocalDateTime daysAgo(int days) {
        return java.time.LocalDate.now(ZoneOffset.UTC).minusDays(days).atTime(6, 0);
    }

    private static String order(int n) {
        return Integer.toString(5_000_000 + n);
    }

    /** Plant 2000's orders in the workload. */
    private static String order2000(int n) {
        return Integer.toString(6_000_000 + n);
    }

    private static HubJvm erp(Path dir) throws IOException {
        Path noPlants = Files.createDirectories(dir.resolve("erp-no-plants"));
        HubJvm erp = new HubJvm("erp", HubJvm.freePort(), dir.resolve("logs/erp.log"), "1g", List.of(
                "--hub.data-dir=" + dir.resolve("erp-data"), "--hub.plants.mappings-dir=" + noPlants,
                "--hub.release.poll-interval=3600000", "--hub.reconciliation.check-interval=3600000",
                "--hub.support.dead-letter-scan-interval=3600000", "--logging.level.io.meserp.hub=WARN"), List.of());
        erp.start();
        return erp;
    }

    /** The script a plant's IT would write, on the same files; events/s. */
    private static double baseline(HubJvm erp, List<Path> files, int events) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "bench/baseline.py", erp.url("/sandbox/erp"), "HUB_RFC",
                ERP_PASSWORD));
        files.forEach(f -> command.add(f.toString()));
        Process script = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] out = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
        assertThat(script.waitFor()).as("baseline script exit").isZero();
        assertThat(Integer.parseInt(out[0])).as("rows the script booked").isEqualTo(events);
        return events / Double.parseDouble(out[2]);
    }

    /**
     * The sandbox's accept rate: {@code clients} keep-alive connections (bench/raw.py, one process each: a light client,
     * so the figure is the sandbox's, not the client's) posting confirmations; per second, after a warm-up.
     */
    private static double raw(HubJvm erp, int clients, int seconds) throws Exception {
        List<Process> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(new ProcessBuilder("python3", "bench/raw.py", erp.url("/sandbox/erp"), "HUB_RFC", ERP_PASSWORD,
                    Integer.toString(seconds)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        long booked = 0;
        for (Process p : running) {
            String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
            assertThat(p.waitFor()).as("raw client exit").isZero();
            booked += Long.parseLong(out[0]);
        }
        return booked / (double) seconds;
    }

    /** The hub on its embedded default (H2, embedded Artemis) with the JVM's own settings, from drop to last booking. */
    private static Hub hub(Path dir, HubJvm erpJvm, SandboxErp erp, List<Path> files, int events) throws Exception {
        Path data = dir.resolve("hub-data");
        Path recording = dir.resolve("hub.jfr");
        boolean jfr = Boolean.getBoolean("bench.jfr");
        int brokerPort = HubJvm.freePort();
        List<String> args = new java.util.ArrayList<>(List.of(
                "--spring.profiles.active=embedded", "--hub.sandbox.enabled=false",
                "--hub.erp.base-url=" + erpJvm.url("/sandbox/erp"), "--hub.data-dir=" + data,
                "--hub.channels.acceptor=tcp://127.0.0.1:" + brokerPort,
                "--hub.release.poll-interval=3600000", "--hub.reconciliation.check-interval=3600000",
                "--hub.plants.mappings-dir=" + renamingPlants(dir)));
        // settings to compare against the defaults, e.g. -Dbench.hub-args="--hub.erp.delivery.batch-size=1"
        for (String arg : System.getProperty("bench.hub-args", "").trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                args.add(arg);
            }
        }
        // the hub as the image starts it: unpacked, with its class-data archive and jvm.options
        Path prepared = dir.resolve("hub-prepared");
        Process prepare = new ProcessBuilder("sh", "bin/prepare-hub.sh", HubJvm.jar().toString(), prepared.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/prepare-hub.log").toFile()).start();
        assertThat(prepare.waitFor()).as("bin/prepare-hub.sh, see " + dir.resolve("logs/prepare-hub.log")).isZero();
        List<String> jvm = new java.util.ArrayList<>(hubJvm(recording));
        jvm.add(1, "-XX:SharedArchiveFile=" + prepared.resolve("hub.jsa"));
        HubJvm hub = new HubJvm("hub", HubJvm.freePort(), dir.resolve("logs/hub.log"), null, args, jvm)
                .launching(prepared.resolve("app/mes-erp-hub.jar"));
        try (hub) {
            long launched = System.nanoTime();
            hub.start();
            double startSeconds = (System.nanoTime() - launched) / 1e9;
            // the orders the ERP holds released reach the plants on the hub's first release poll: the confirmations are
            // dropped once that is done, so that their figures are theirs (the release is a flow of its own)
            int released = settledReleases(hub);
            double commitsBefore = ledgerCommits(hub);
            long cpuBefore = cpuTicks(hub.pid());
            long dropped = System.nanoTime();
            for (Path file : files) {
                TestFiles.drop(data, plantOf(file), file.getFileName().toString(), Files.readAllBytes(file));
            }
            double[] peakHeap = {0};
            double[] firstBooking = {-1};
            long[] polls = {0};
            await().atMost(Duration.ofHours(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (polls[0]++ % 5 == 0) {
                    peakHeap[0] = Math.max(peakHeap[0], heapMb(hub.pid()));
                }
                long booked = erp.count();
                if (booked > 0 && firstBooking[0] < 0) {
                    firstBooking[0] = (System.nanoTime() - dropped) / 1e9;
                }
                return booked >= events;
            });
            double seconds = (System.nanoTime() - dropped) / 1e9;
            long cpu = cpuTicks(hub.pid()) - cpuBefore;
            assertThat(erp.count()).as("confirmations in the ERP").isEqualTo(events);
            String ledgerFile = ledgerFile(data, events, released, ledgerCommits(hub) - commitsBefore);
            String latency = ledgerFile + latency(hub, data, erp, events) + steadyMqtt(hub, erp, brokerPort) + lone(hub, erp);
            long rssAfterWorkload = (long) rssPeakMb(hub.pid());
            String backlog = backlog(hub, data, erp) + ledgerFileAtEnd(hub, data);
            Hub result = new Hub(events / seconds, cpu * 10.0 / events, peakHeap[0], rssAfterWorkload, startSeconds,
                    firstBooking[0], "", latency, backlog);
            if (!jfr) {
                return result;
            }
            Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(hub.pid()), "JFR.dump", "filename=" + recording).redirectErrorStream(true).start();
            dump.getInputStream().readAllBytes();
            dump.waitFor();
            return new Hub(result.eventsPerSecond(), result.cpuMsPerEvent(), result.peakHeapMb(), result.peakRssMb(),
                    result.startSeconds(), result.firstBookingSeconds(), profile(recording), latency, backlog);
        }
    }

    /**
     * Waits until the hub's first release poll has delivered the orders released in the ERP (the workload's, and nothing
     * else) and no release is on its way; returns how many it delivered.
     */
    private static int settledReleases(HubJvm hub) {
        io.meserp.hub.support.HubApi api = new io.meserp.hub.support.HubApi(hub.port());
        long[] last = {-1};
        int[] same = {0};
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long all = api.get("viewer", "/api/messages?flow=release&size=1").path("total").asLong();
            long open = api.get("viewer", "/api/messages?flow=release&status=QUEUED&size=1").path("total").asLong()
                    + api.get("viewer", "/api/messages?flow=release&status=VALIDATED&size=1").path("total").asLong();
            // nothing on its way, and the count unchanged for 3 polls (the poll reads pages of orders one after another)
            same[0] = all > 0 && open == 0 && all == last[0] ? same[0] + 1 : 0;
            last[0] = all;
            return same[0] >= 3;
        });
        return (int) last[0];
    }

    /**
     * The ledger's file after the workload: its size per event the hub took (confirmations and releases), and the commits
     * the workload's took (hub.ledger.file.commits, read once housekeeping has counted them).
     */
    private static String ledgerFile(Path data, int events, int released, double commits) throws IOException {
        long bytes = Files.size(data.resolve("db/hub.mv.db"));
        // the counter is kept by the ledger's housekeeping: with it off it stays 0
        String took = commits > 0 ? String.format(Locale.ROOT, "the confirmations took %,.0f commits, %.3f per event", commits,
                commits / events) : "commits not counted (housekeeping off)";
        return String.format(Locale.ROOT, "%nThe ledger's file (H2) after the workload: %.0f MB, %.1f KB per event taken in"
                + " (%,d confirmations, %,d releases); %s.%n", bytes / 1048576.0, bytes / 1024.0 / (events + released),
                events, released, took);
    }

    /**
     * The ledger's file once every phase has run, against the events the ledger then holds: with housekeeping it grows
     * with what is live plus the chunks H2 keeps for its retention time, not with every commit.
     */
    private static String ledgerFileAtEnd(HubJvm hub, Path data) throws IOException {
        long held = new io.meserp.hub.support.HubApi(hub.port()).get("viewer", "/api/messages?size=1").path("total").asLong();
        long bytes = Files.size(data.resolve("db/hub.mv.db"));
        return String.format(Locale.ROOT, "%nThe ledger's file after every phase: %.0f MB for the %,d events it holds,"
                + " %.1f KB per event.%n", bytes / 1048576.0, held, bytes / 1024.0 / Math.max(1, held));
    }

    /**
     * Commits written to the ledger's file so far (hub.ledger.file.commits, which the hub sets once a second): read until
     * two readings more than a second apart agree, on a hub with nothing left to do.
     */
    private static double ledgerCommits(HubJvm hub) {
        io.meserp.hub.support.HubApi api = new io.meserp.hub.support.HubApi(hub.port());
        double[] last = {-1};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1100)).until(() -> {
            double now = api.get("viewer", "/actuator/metrics/hub.ledger.file.commits").path("measurements").path(0)
                    .path("value").asDouble(-2);
            boolean settled = now == last[0];
            last[0] = now;
            return settled;
        });
        return last[0];
    }

    /**
     * The sample plants as the benchmark's MES writes their files: each under a temporary name, renamed when complete
     * ({@link TestFiles#drop}), which plant.yaml declares with {@code file-arrival: renamed}.
     */
    private static Path renamingPlants(Path dir) throws IOException {
        Path plants = dir.resolve("plants");
        org.springframework.util.FileSystemUtils.copyRecursively(Path.of("mappings/plants"), plants);
        try (var folders = Files.list(plants)) {
            for (Path plant : folders.filter(Files::isDirectory).toList()) {
                Path yaml = plant.resolve("plant.yaml");
                Files.writeString(yaml, Files.readString(yaml) + "\nfile-arrival: renamed\n");
            }
        }
        return plants;
    }

    /**
     * The hub's JVM options: the product's own (jvm.options, as the image and {@code mvn spring-boot:run} use them), then
     * {@code -Dbench.hub-jvm} to compare against them, then the flight recorder with {@code -Dbench.jfr=true}.
     */
    private static List<String> hubJvm(Path recording) {
        List<String> jvm = new java.util.ArrayList<>(List.of("@" + Path.of("jvm.options").toAbsolutePath()));
        for (String option : System.getProperty("bench.hub-jvm", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                jvm.add(option);
            }
        }
        if (Boolean.getBoolean("bench.jfr")) {
            jvm.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
        }
        return jvm;
    }

    /**
     * Where the hub's CPU samples fall: for each sample the innermost frame of the hub's own code, and the innermost
     * frame overall by its package (two levels), each as a share of all samples, the 12 largest.
     */
    private static String profile(Path recording) throws Exception {
        Process print = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "print",
                "--events", "jdk.ExecutionSample", "--stack-depth", "64", recording.toString()).start();
        java.util.Map<String, Integer> hubFrames = new java.util.HashMap<>();
        java.util.Map<String, Integer> packages = new java.util.HashMap<>();
        int samples = 0;
        boolean inStack = false;
        boolean first = false;
        boolean hubSeen = false;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(print.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String t = line.trim();
                if (t.startsWith("stackTrace = [")) {
                    inStack = true;
                    first = true;
                    hubSeen = false;
                    samples++;
                } else if (inStack && t.startsWith("]")) {
                    inStack = false;
                } else if (inStack && t.contains("line:")) {
                    String method = t.substring(0, t.indexOf('(') < 0 ? t.length() : t.indexOf('('));
                    if (first) {
                        String[] parts = method.split("\\.");
                        packages.merge(parts.length > 2 ? parts[0] + "." + parts[1] + (parts.length > 3 ? "." + parts[2] : "")
                                : method, 1, Integer::sum);
                        first = false;
                    }
                    if (!hubSeen && method.startsWith("io.meserp.hub.")) {
                        hubFrames.merge(method, 1, Integer::sum);
                        hubSeen = true;
                    }
                }
            }
        }
        print.waitFor();
        int total = Math.max(1, samples);
        StringBuilder out = new StringBuilder("\nCPU samples of the hub (JFR, " + samples + "): innermost frame by package | innermost"
                + " hub frame\n|---|---|\n");
        List<String> byPackage = top(packages, total);
        List<String> byHub = top(hubFrames, total);
        for (int i = 0; i < Math.max(byPackage.size(), byHub.size()); i++) {
            out.append("| ").append(i < byPackage.size() ? byPackage.get(i) : "").append(" | ")
                    .append(i < byHub.size() ? byHub.get(i) : "").append(" |\n");
        }
        return out.toString();
    }

    private static List<String> top(java.util.Map<String, Integer> counts, int total) {
        return counts.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .map(e -> String.format(Locale.ROOT, "`%s` %.1f %%", e.getKey(), 100.0 * e.getValue() / total)).toList();
    }

    /**
     * Latency at a steady offered rate ({@code -Dbench.rate}, default 200 events/s, for {@code -Dbench.steady-seconds},
     * default 30): each second a file of that many rows lands in the inbox; a row's latency runs from its file's landing
     * to its booking as the ledger records it (posted_at). The hub has just drained the throughput run.
     */
    private static String latency(HubJvm hub, Path data, SandboxErp erp, int booked) throws Exception {
        int rate = Integer.getInteger("bench.rate", 200);
        int seconds = Integer.getInteger("bench.steady-seconds", 30);
        int orders = Integer.getInteger("bench.orders", 1_000);
        java.util.Map<String, Long> landed = new java.util.HashMap<>();
        OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC);
        LocalDateTime day = daysAgo(4);
        long next = System.nanoTime();
        for (int f = 0; f < seconds; f++) {
            Plant1000Csv csv = new Plant1000Csv();
            for (int r = 0; r < rate; r++) {
                LocalDateTime start = day.plusSeconds((long) (f * rate + r) * 3);
                csv.add(order((f * rate + r) % orders), "0010", "ASSY-01", BigDecimal.ONE, BigDecimal.ZERO, start,
                        start.plusSeconds(2));
            }
            String name = String.format(Locale.ROOT, "steady-%04d.csv", f);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait); // the offered rate's clock, not a test's wait
            }
            TestFiles.drop(data, "plant-1000", name, csv.bytes());
            landed.put(name, System.currentTimeMillis());
            next += Duration.ofSeconds(1).toNanos();
        }
        long expected = booked + (long) rate * seconds;
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1)).until(() -> erp.count() >= expected);
        List<Long> millis = new ArrayList<>();
        for (var item : postedSince(hub, from)) {
            String source = item.path("source").asText();
            landed.entrySet().stream().filter(e -> source.contains(e.getKey())).findFirst().ifPresent(e -> millis.add(
                    OffsetDateTime.parse(item.path("postedAt").asText()).toInstant().toEpochMilli() - e.getValue()));
        }
        java.util.Collections.sort(millis);
        if (millis.isEmpty()) {
            return "\nLatency at a steady " + rate + " events/s: no booked row could be matched to its file.\n";
        }
        return String.format(Locale.ROOT, "%nLatency at a steady %d events/s for %d s, from a file's landing (renamed into the inbox,"
                + " file-arrival: renamed) to each row's booking (%d rows): p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (target p99 ≤ 250 ms).%n", rate, seconds,
                millis.size(), pct(millis, 50), pct(millis, 95), pct(millis, 99), millis.get(millis.size() - 1));
    }

    /** Plant 1000's events booked since {@code from}, as the hub's message search lists them. */
    private static List<com.fasterxml.jackson.databind.JsonNode> postedSince(HubJvm hub, OffsetDateTime from) {
        io.meserp.hub.support.HubApi api = new io.meserp.hub.support.HubApi(hub.port());
        List<com.fasterxml.jackson.databind.JsonNode> posted = new ArrayList<>();
        for (int page = 0; ; page++) {
            var items = api.get("viewer", "/api/messages?plant=plant-1000&status=POSTED&size=500&page=" + page + "&from="
                    + java.net.URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)).path("items");
            if (items.isEmpty()) {
                return posted;
            }
            items.forEach(posted::add);
        }
    }

    /**
     * Latency at a steady offered rate when the plant publishes each event as it happens (issue 13, point 2): {@code
     * bench.rate} CloudEvents per second over MQTT (QoS 1, the plant's broker login) for {@code bench.steady-seconds},
     * each timed from its publish to its booking as the ledger records it (posted_at). A file of a second's rows lands
     * all at once, so its last rows wait for the first ones; events one by one show the hub's own delay. Not one REST
     * request per event: each checks the plant's password (BCrypt, tens of milliseconds of CPU).
     */
    private static String steadyMqtt(HubJvm hub, SandboxErp erp, int brokerPort) throws Exception {
        int rate = Integer.getInteger("bench.rate", 200);
        int seconds = Integer.getInteger("bench.steady-seconds", 30);
        int orders = Integer.getInteger("bench.orders", 1_000);
        Plant1000Csv rows = new Plant1000Csv();
        LocalDateTime day = daysAgo(2);
        for (int i = 0; i < rate * seconds; i++) {
            LocalDateTime start = day.plusSeconds(i * 3L);
            rows.add(order(i % orders), "0010", "ASSY-01", BigDecimal.ONE, BigDecimal.ZERO, start, start.plusSeconds(2));
        }
        List<String> events = io.meserp.hub.support.MesEvents.confirmations(rows, "live");
        java.util.Map<Long, Long> sentAt = new java.util.HashMap<>();
        OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC);
        long before = erp.count();
        org.eclipse.paho.client.mqttv3.MqttClient mqtt = new org.eclipse.paho.client.mqttv3.MqttClient(
                "tcp://127.0.0.1:" + brokerPort, "bench-" + System.nanoTime(),
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setUserName("mes-plant-1000");
        options.setPassword("mes-plant-1000".toCharArray());
        options.setCleanSession(true);
        mqtt.connect(options);
        long next = System.nanoTime();
        long interval = Duration.ofSeconds(1).toNanos() / rate;
        for (int i = 0; i < events.size(); i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait); // the offered rate's clock, not a test's wait
            }
            // keyed by the event's time (its row's end, unique per row), which the ledger keeps
            sentAt.put(rows.rows().get(i).end().atZone(java.time.ZoneId.of("Europe/Berlin")).toInstant().toEpochMilli(),
                    System.currentTimeMillis());
            mqtt.publish("mes/plant-1000/inbound", events.get(i).getBytes(StandardCharsets.UTF_8), 1, false);
            next += interval;
        }
        mqtt.disconnect();
        mqtt.close();
        long expected = before + events.size();
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1)).until(() -> erp.count() >= expected);
        List<Long> millis = new ArrayList<>();
        for (var item : postedSince(hub, from)) {
            Long sent = sentAt.get(OffsetDateTime.parse(item.path("eventTime").asText()).toInstant().toEpochMilli());
            if (sent != null) {
                millis.add(OffsetDateTime.parse(item.path("postedAt").asText()).toInstant().toEpochMilli() - sent);
            }
        }
        java.util.Collections.sort(millis);
        if (millis.isEmpty()) {
            return "\nLatency at a steady " + rate + " events/s over MQTT: no booking could be matched to its publish.\n";
        }
        return String.format(Locale.ROOT, "%nLatency at a steady %d events/s for %d s, each event published on its own"
                + " over MQTT, from the publish to its booking (%d events): p50 %d ms, p95 %d ms, p99 %d ms, max %d ms"
                + " (target p99 ≤ 250 ms).%n", rate, seconds, millis.size(), pct(millis, 50), pct(millis, 95),
                pct(millis, 99), millis.get(millis.size() - 1));
    }

    /**
     * Batching must not make a lone event wait (issue 13, point 5): 20 events, each posted alone to the plant REST API
     * of an idle hub (the next once the ERP holds it), timed from the request to its booking as the ledger records it.
     */
    private static String lone(HubJvm hub, SandboxErp erp) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        LocalDateTime day = daysAgo(3);
        java.util.Map<Long, Long> sentAt = new java.util.HashMap<>();
        OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < 20; i++) {
            Plant1000Csv csv = new Plant1000Csv();
            LocalDateTime start = day.plusMinutes(i);
            csv.add(order(i), "0010", "ASSY-01", BigDecimal.ONE, BigDecimal.ZERO, start, start.plusSeconds(30));
            long before = erp.count();
            // keyed by the event's time, which the ledger keeps; timed to the ledger's posted_at (the sandbox's count
            // itself takes longer and longer as its tables grow)
            sentAt.put(start.plusSeconds(30).atZone(java.time.ZoneId.of("Europe/Berlin")).toInstant().toEpochMilli(),
                    System.currentTimeMillis());
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.url(
                    "/api/plants/plant-1000/events?name=rueckmeldungen.csv")))
                    .header("Authorization", SandboxErp.basic("mes-plant-1000", "mes-plant-1000"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(csv.bytes())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("lone event accepted: %s", response.body()).isLessThan(300);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5)).until(() -> erp.count() > before);
        }
        List<Long> millis = new ArrayList<>();
        for (var item : postedSince(hub, from)) {
            Long sent = sentAt.get(OffsetDateTime.parse(item.path("eventTime").asText()).toInstant().toEpochMilli());
            if (sent != null) {
                millis.add(OffsetDateTime.parse(item.path("postedAt").asText()).toInstant().toEpochMilli() - sent);
            }
        }
        assertThat(millis).as("lone events matched to their bookings").hasSize(20);
        java.util.Collections.sort(millis);
        return String.format(Locale.ROOT, "%nA lone event posted to the plant REST API of an idle hub, to its booking"
                + " (20 events, one at a time): p50 %d ms, max %d ms (target: well under a second).%n", pct(millis, 50),
                millis.get(millis.size() - 1));
    }

    /**
     * The drain of a backlog an ERP outage left ({@code -Dbench.backlog}, default the workload's size): the sandbox
     * refuses every call while the files are taken in, then comes back; timed from its return to the last booking, and to
     * the first as the ledger records it (posted_at: the sandbox's count takes seconds once its tables are large).
     */
    private static String backlog(HubJvm hub, Path data, SandboxErp erp) throws Exception {
        // what the phases before booked (the workload, both steady rates, the lone events), all booked by now
        long booked = erp.count();
        int backlog = Integer.getInteger("bench.backlog", Integer.getInteger("bench.events", 100_000));
        int orders = Integer.getInteger("bench.orders", 1_000);
        int rows = Integer.getInteger("bench.rows", 1_000);
        if (backlog <= 0) {
            return "";
        }
        erp.faults("{\"outage\": true}");
        OffsetDateTime takenFrom = OffsetDateTime.now(java.time.ZoneOffset.UTC);
        LocalDateTime day = daysAgo(2);
        long taken = System.nanoTime();
        for (int f = 0; f * rows < backlog; f++) {
            Plant1000Csv csv = new Plant1000Csv();
            for (int i = f * rows; i < Math.min(backlog, (f + 1) * rows); i++) {
                LocalDateTime start = day.plusSeconds(i * 3L);
                csv.add(order(i % orders), "0010", "ASSY-01", BigDecimal.ONE, BigDecimal.ZERO, start, start.plusSeconds(2));
            }
            TestFiles.drop(data, "plant-1000", String.format(Locale.ROOT, "rueckstau-%04d.csv", f), csv.bytes());
        }
        Path archive = data.resolve("plants/plant-1000/archive");
        int files = (backlog + rows - 1) / rows;
        Path error = Files.createDirectories(data.resolve("plants/plant-1000/error"));
        Files.createDirectories(archive);
        await().atMost(Duration.ofHours(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try (var refused = Files.list(error)) {
                assertThat(refused.filter(p -> p.getFileName().toString().contains("rueckstau-")).toList())
                        .as("backlog files refused (see their reports)").isEmpty();
            }
            try (var walk = Files.walk(archive)) {
                // archived under its stored name, <tag>-<name>
                return walk.filter(p -> p.getFileName().toString().contains("-rueckstau-")).count() >= files;
            }
        });
        double intake = backlog / ((System.nanoTime() - taken) / 1e9);
        erp.clearFaults();
        long back = System.nanoTime();
        long backAt = System.currentTimeMillis();
        await().atMost(Duration.ofHours(2)).pollInterval(Duration.ofSeconds(1)).until(() -> erp.count() >= booked + backlog);
        double seconds = (System.nanoTime() - back) / 1e9;
        double first = (postedSince(hub, takenFrom).stream().mapToLong(i -> OffsetDateTime.parse(i.path("postedAt")
                .asText()).toInstant().toEpochMilli()).min().orElseThrow() - backAt) / 1e3;
        return String.format(Locale.ROOT, "%nBacklog of %,d events left by an ERP outage (taken in at %.0f/s while the ERP"
                + " was away): drained at %.0f events/s from the ERP's return to the last booking; first booking %.1f s"
                + " after the return.%n", backlog, intake, backlog / seconds, first);
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** User and system CPU of a process in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static double rssPeakMb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0) / 1024.0;
    }

    /**
     * The hub's used heap, asked of its JVM with jcmd every few seconds: an HTTP probe of the hub's own metrics would cost
     * it a password check per call (a first run showed Spring Security at 13 % of the hub's CPU samples).
     */
    static double heapMb(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
        long kb = 0;
        if (used.find()) {
            kb = Long.parseLong(used.group(1));
        }
        return kb / 1024.0;
    }

    private static String report(int events, int orders, int rows, double baseline, double raw1, double raw8, Hub hub)
            throws IOException {
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024) + " GiB").orElse("?");
        double lowerRaw = Math.min(raw1, raw8);
        return String.format(Locale.ROOT, """
                ### %s: %,d confirmations, %,d orders, files of %,d rows (plants 1000 and 2000: CSV and B2MML)
                Machine: %d cores, %s, Java %s, %s.%s

                | what | events/s |
                |---|---|
                | baseline script (bench/baseline.py: one POST per row, one keep-alive connection, no durability) | %.0f |
                | the hub, embedded default, every guarantee on (file drop to last booking) | %.0f |
                | the sandbox's raw accept rate, 1 / 8 keep-alive clients | %.0f / %.0f |

                hub / baseline: **%.2f×** (target ≥ 3×); hub / lower raw limit: **%.0f %%** (target ≥ 50 %%).
                The hub: %.2f ms CPU per event (target well under 0.5), peak heap %.0f MB, peak RSS %.0f MB (target ≤ 600),
                start-up to healthy %.1f s (target ≤ 10), first booking %.1f s after the drop.
                %s%s%s""", OffsetDateTime.now(ZoneOffset.UTC).withNano(0), events, orders, rows,
                Runtime.getRuntime().availableProcessors(), memory, System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                (System.getProperty("bench.hub-args", "").isBlank() ? ""
                        : " Hub settings changed: `" + System.getProperty("bench.hub-args").trim() + "`.")
                        + (System.getProperty("bench.hub-jvm", "").isBlank() ? ""
                        : " Hub JVM options added to jvm.options: `" + System.getProperty("bench.hub-jvm").trim() + "`."),
                baseline, hub.eventsPerSecond(), raw1, raw8, hub.eventsPerSecond() / baseline,
                100 * hub.eventsPerSecond() / lowerRaw, hub.cpuMsPerEvent(), hub.peakHeapMb(), hub.peakRssMb(),
                hub.startSeconds(), hub.firstBookingSeconds(), hub.latency(), hub.backlog(), hub.profile());
    }
}

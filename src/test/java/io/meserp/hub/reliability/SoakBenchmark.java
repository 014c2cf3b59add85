package io.meserp.hub.reliability;

import java.io.IOException;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.ReliabilityRig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Soak benchmark, not a test: {@code mvn -Psoak verify} (options {@code -Dsoak.minutes=30 -Dsoak.rate=30}). The hub
 * runs as its own JVM (512 MB heap, PostgreSQL, standalone Artemis) against a flaky ERP sandbox while a plant drops a
 * confirmation file every 10 s at a steady rate. Every 30 s it records the hub's heap after a full GC, its threads, open
 * files and resident memory, what was sent and booked and the backlog. It prints the series and compares the first
 * third (after a 5-minute warm-up) with the last third: flat means the ratios stay near 1. At the end everything sent
 * must be in the ERP exactly once. Figures go to target/reliability/soak.md and, by hand, to docs/reliability.md.
 */
class SoakBenchmark {

    private static final int ORDERS = 200;
    private static final Duration FILE_EVERY = Duration.ofSeconds(10);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(30);
    private static final Duration WARM_UP = Duration.ofMinutes(5);

    record Sample(double minute, long sent, long booked, long backlog, double heapAfterGcMb, long threads, long openFiles,
            double rssMb) {
    }

    @Test
    void steadyLoadWithAFlakyErpKeepsHeapThreadsAndFilesFlat() throws Exception {
        int minutes = Integer.getInteger("soak.minutes", 30);
        int rate = Integer.getInteger("soak.rate", 30);
        int rowsPerFile = (int) (rate * FILE_EVERY.toSeconds());
        try (ReliabilityRig rig = ReliabilityRig.start("1g", "512m")) {
            rig.erp.faults("{" + ReliabilityRig.FLAKY + "}");
            long pid = rig.hub.pid();
            AtomicLong sent = new AtomicLong();
            AtomicLong files = new AtomicLong();
            List<Sample> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
            long started = System.nanoTime();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            ScheduledExecutorService run = Executors.newScheduledThreadPool(2);
            run.scheduleAtFixedRate(() -> {
                long n = files.getAndIncrement();
                // each file a day of its own, all in the past (the hub refuses events over a day ahead)
                LocalDateTime day = LocalDateTime.of(2025, 1, 1, 5, 0).plusDays(n);
                rig.drop("soak-" + n + ".csv", Plant1000Csv.generate(rowsPerFile, ORDERS, day));
                sent.addAndGet(rowsPerFile);
            }, 0, FILE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            run.scheduleAtFixedRate(() -> {
                try {
                    Sample s = sample(rig, pid, started, sent::get);
                    samples.add(s);
                    System.out.printf(Locale.ROOT, "soak %5.1f min: sent %d, booked %d, backlog %d, heap after GC %.1f MB,"
                            + " threads %d, open files %d, RSS %.0f MB%n", s.minute(), s.sent(), s.booked(), s.backlog(),
                            s.heapAfterGcMb(), s.threads(), s.openFiles(), s.rssMb());
                } catch (Exception e) {
                    failures.add(e);
                }
            }, SAMPLE_EVERY.toMillis(), SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            // the plant stops after the soak time; the run then only drains
            run.schedule(run::shutdown, minutes, TimeUnit.MINUTES);
            assertThat(run.awaitTermination(minutes + 5L, TimeUnit.MINUTES)).as("soak ended").isTrue();
            assertThat(failures).as("sampling failures").isEmpty();
            long total = sent.get();
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> rig.inboxEmpty() && rig.inFlight() == 0 && rig.erp.count() >= total);
            Sample drained = sample(rig, pid, started, () -> total);
            rig.erp.clearFaults();
            long booked = rig.erp.count();
            long distinct = rig.erp.confirmations().stream().map(c -> c.path("ExternalSystemConfirmation").asText())
                    .distinct().count();
            long exceptions = rig.single("SELECT COUNT(*) FROM hub_exception");
            String report = report(minutes, rate, samples, drained, total, booked, distinct, exceptions);
            System.out.println(report);
            Files.createDirectories(Path.of("target/reliability"));
            Files.writeString(Path.of("target/reliability/soak.md"), report, StandardCharsets.UTF_8);
            assertThat(booked).as("booked in the ERP").isEqualTo(total);
            assertThat(distinct).as("distinct confirmations in the ERP").isEqualTo(total);
            assertThat(exceptions).as("exceptions").isZero();
        }
    }

    /** {@code sent} is read after what the ERP booked, so a sample never shows more booked than sent. */
    private static Sample sample(ReliabilityRig rig, long pid, long started, java.util.function.LongSupplier sent)
            throws Exception {
        double heap = heapAfterFullGcMb(pid);
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        long threads = field(status, "Threads:");
        double rss = field(status, "VmRSS:") / 1024.0;
        long openFiles;
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            openFiles = fds.count();
        }
        long booked = rig.erp.count();
        return new Sample((System.nanoTime() - started) / 60e9, sent.getAsLong(), booked, rig.inFlight(), heap, threads,
                openFiles, rss);
    }

    /** Forces a full GC in the hub (jcmd GC.run) and reads what is left in use (jstat -gc: survivors, eden, old). */
    private static double heapAfterFullGcMb(long pid) throws IOException, InterruptedException {
        run(tool("jcmd"), Long.toString(pid), "GC.run");
        List<String> lines = run(tool("jstat"), "-gc", Long.toString(pid)).lines().filter(l -> !l.isBlank()).toList();
        String[] names = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        double usedKb = 0;
        for (int i = 0; i < names.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                usedKb += Double.parseDouble(values[i]);
            }
        }
        return usedKb / 1024.0;
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static long field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name)).findFirst()
                .map(l -> Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0])).orElse(-1L);
    }

    private static String report(int minutes, int rate, List<Sample> samples, Sample drained, long total, long booked,
            long distinct, long exceptions) {
        List<Sample> steady = samples.stream().filter(s -> s.minute() >= WARM_UP.toMinutes()).toList();
        int third = Math.max(1, steady.size() / 3);
        List<Sample> first = steady.subList(0, Math.min(third, steady.size()));
        List<Sample> last = steady.subList(Math.max(0, steady.size() - third), steady.size());
        StringBuilder r = new StringBuilder();
        r.append(String.format(Locale.ROOT, "# Soak benchmark, %s%n%n%d minutes at %d confirmations/s (a file every %d s),"
                + " flaky ERP (%s); hub JVM -Xmx512m, %d ERP consumers.%n%n", OffsetDateTime.now(ZoneOffset.UTC).withNano(0),
                minutes, rate, FILE_EVERY.toSeconds(), ReliabilityRig.FLAKY.replace("\"", ""), ReliabilityRig.CONSUMERS));
        r.append("| minute | sent | booked | backlog | heap after full GC (MB) | threads | open files | RSS (MB) |\n");
        r.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Sample s : samples) {
            r.append(String.format(Locale.ROOT, "| %.1f | %d | %d | %d | %.1f | %d | %d | %.0f |%n", s.minute(), s.sent(),
                    s.booked(), s.backlog(), s.heapAfterGcMb(), s.threads(), s.openFiles(), s.rssMb()));
        }
        r.append(String.format(Locale.ROOT, "| drained | %d | %d | %d | %.1f | %d | %d | %.0f |%n%n", drained.sent(),
                drained.booked(), drained.backlog(), drained.heapAfterGcMb(), drained.threads(), drained.openFiles(),
                drained.rssMb()));
        r.append("| measure | first third (mean) | last third (mean) | last / first |\n|---|---:|---:|---:|\n");
        line(r, "heap after full GC (MB)", first, last, Sample::heapAfterGcMb);
        line(r, "threads", first, last, s -> s.threads());
        line(r, "open files", first, last, s -> s.openFiles());
        line(r, "RSS (MB)", first, last, Sample::rssMb);
        line(r, "backlog (events)", first, last, s -> s.backlog());
        r.append(String.format(Locale.ROOT, "%nSent %d, booked %d, distinct in the ERP %d, exceptions %d.%n", total, booked,
                distinct, exceptions));
        return r.toString();
    }

    private static void line(StringBuilder r, String name, List<Sample> first, List<Sample> last,
            java.util.function.ToDoubleFunction<Sample> measure) {
        double a = first.stream().mapToDouble(measure).average().orElse(0);
        double b = last.stream().mapToDouble(measure).average().orElse(0);
        r.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s |%n", name, a, b,
                a == 0 ? "-" : String.format(Locale.ROOT, "%.2f", b / a)));
    }
}

package io.meserp.hub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Real processes for the reliability runs (crash tests and the soak benchmark): a standalone Artemis broker, the hub
 * as its own JVM on PostgreSQL with {@link #CONSUMERS} ERP consumers and short retry timings, and the ERP sandbox as
 * another JVM (so killing the hub does not kill the ERP). Each can be killed and started again on its own.
 */
public final class ReliabilityRig implements AutoCloseable {

    /** A flaky ERP: 10 % 500, 5 % booked-then-no-answer, 5 % 429 with Retry-After 1 s, 0-200 ms jitter on every call. */
    public static final String FLAKY = "\"errorRate\":0.10,\"commitThenTimeoutRate\":0.05,\"tooManyRequestsRate\":0.05,"
            + "\"retryAfterSeconds\":1,\"jitterMs\":200";

    /** ERP consumers of the hub: the machine is CPU-bound at about 48; more still shortens the slow ERP calls' wait. */
    public static final int CONSUMERS = 64;
    /**
     * How long the ERP sandbox JVM may still be working on a write the hub gave up waiting for (0.6 s). Under load on
     * two cores it has taken over a second to book: a look-up before that missed the booking and posted it again.
     */
    static final String SETTLE = "5s";

    public final Path dir;
    public final ArtemisBroker broker;
    public final HubJvm erpJvm;
    public final HubJvm hub;
    public final SandboxErp erp;
    public final HubApi hubApi;
    private EmbeddedPostgres postgres;
    private final Path postgresData;
    private final int postgresPort;
    private final String jdbcUrl;

    private ReliabilityRig(Path dir, EmbeddedPostgres postgres, ArtemisBroker broker, HubJvm erpJvm, HubJvm hub) {
        this.dir = dir;
        this.postgres = postgres;
        this.postgresData = dir.resolve("postgres");
        this.postgresPort = postgres == null ? 0 : postgres.getPort();
        // the embedded default's H2 file is the hub's alone while it runs: read it through the hub's API, or after it
        this.jdbcUrl = postgres == null ? "jdbc:h2:file:" + dir.resolve("hub-data/db/hub") : postgres.getJdbcUrl("postgres", "postgres");
        this.broker = broker;
        this.erpJvm = erpJvm;
        this.hub = hub;
        this.erp = new SandboxErp(erpJvm.port());
        this.hubApi = new HubApi(hub.port());
    }

    /** Starts PostgreSQL, the broker, the ERP sandbox JVM ({@code erpHeap}) and the hub JVM ({@code hubHeap}). */
    public static ReliabilityRig start(String erpHeap, String hubHeap) throws Exception {
        Path dir = TestFiles.newDataDir().toAbsolutePath();
        EmbeddedPostgres postgres = postgres(dir.resolve("postgres"), 0);
        String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        ArtemisBroker broker = ArtemisBroker.create(dir);
        broker.start();
        HubJvm erpJvm = erp(dir, erpHeap);
        HubJvm hub = new HubJvm("hub", HubJvm.freePort(), dir.resolve("logs/hub.log"), hubHeap, List.of(
                "--spring.profiles.active=embedded,postgres,external-broker",
                "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--spring.datasource.hikari.maximum-pool-size=60",
                "--spring.artemis.broker-url=" + broker.url(), "--spring.artemis.user=" + ArtemisBroker.USER,
                "--spring.artemis.password=" + ArtemisBroker.PASSWORD, "--spring.artemis.pool.max-connections=16",
                "--hub.sandbox.enabled=false", "--hub.erp.base-url=http://localhost:" + erpJvm.port() + "/sandbox/erp",
                "--hub.data-dir=" + dir.resolve("hub-data"), "--hub.erp.consumers=" + CONSUMERS,
                "--hub.erp.read-timeout=600ms", "--hub.erp.settle-time=" + SETTLE,
                "--hub.erp.retry.initial-delay=100", "--hub.erp.retry.max-delay=1000",
                "--hub.erp.breaker.wait-in-open-state=1s", "--hub.plants.read-lock-min-age=300",
                "--hub.plants.poll-delay=300", "--hub.release.poll-interval=3600000",
                "--hub.reconciliation.check-interval=3600000", "--hub.support.dead-letter-scan-interval=2000"));
        hub.start();
        return new ReliabilityRig(dir, postgres, broker, erpJvm, hub);
    }

    /**
     * The embedded default as the README runs it: the hub on H2 and its embedded Artemis (journal and database under
     * its data directory), and the ERP sandbox in a JVM of its own so that it survives the hub's kills.
     */
    public static ReliabilityRig startEmbedded(String erpHeap, String hubHeap, String... extraHubArgs) throws Exception {
        Path dir = TestFiles.newDataDir().toAbsolutePath();
        HubJvm erpJvm = erp(dir, erpHeap);
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=embedded", "--hub.sandbox.enabled=false",
                "--hub.erp.base-url=http://localhost:" + erpJvm.port() + "/sandbox/erp",
                "--hub.data-dir=" + dir.resolve("hub-data"), "--hub.erp.consumers=16",
                "--hub.erp.read-timeout=600ms", "--hub.erp.settle-time=" + SETTLE, "--hub.erp.retry.initial-delay=100", "--hub.erp.retry.max-delay=1000",
                "--hub.erp.breaker.wait-in-open-state=1s", "--hub.plants.read-lock-min-age=300",
                "--hub.plants.poll-delay=300", "--hub.release.poll-interval=3600000",
                "--hub.reconciliation.check-interval=3600000", "--hub.support.dead-letter-scan-interval=2000"));
        args.addAll(List.of(extraHubArgs));
        HubJvm hub = new HubJvm("hub", HubJvm.freePort(), dir.resolve("logs/hub.log"), hubHeap, args);
        hub.start();
        return new ReliabilityRig(dir, null, null, erpJvm, hub);
    }

    static HubJvm erp(Path dir, String erpHeap) throws IOException {
        Path noPlants = Files.createDirectories(dir.resolve("erp-no-plants"));
        HubJvm erpJvm = new HubJvm("erp", HubJvm.freePort(), dir.resolve("logs/erp.log"), erpHeap, List.of(
                "--hub.data-dir=" + dir.resolve("erp-data"), "--hub.plants.mappings-dir=" + noPlants,
                "--hub.release.poll-interval=3600000", "--hub.reconciliation.check-interval=3600000",
                "--hub.support.dead-letter-scan-interval=3600000", "--hub.sandbox.hang-timeout=5s",
                "--logging.level.io.meserp.hub=WARN"));
        erpJvm.start();
        return erpJvm;
    }

    /** PostgreSQL on its own data directory, kept across a stop (0: any free port). */
    static EmbeddedPostgres postgres(Path data, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false);
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /** Stops PostgreSQL (the hub's connections break) and starts it again on the same data and port when told. */
    public void stopDatabase() throws IOException {
        postgres.close();
    }

    public void startDatabase() throws IOException {
        postgres = postgres(postgresData, postgresPort);
    }

    /** Drops a plant-1000 confirmation file into the hub's inbox. */
    public void drop(String name, Plant1000Csv file) {
        TestFiles.drop(dir.resolve("hub-data"), "plant-1000", name, file.bytes());
    }

    /** Events the hub has taken in but neither booked, held nor turned into an exception. */
    public long inFlight() throws SQLException {
        if (postgres == null && postgresPort == 0) {
            return hubApi.get("viewer", "/api/messages?status=VALIDATED&size=1").path("total").asLong()
                    + hubApi.get("viewer", "/api/messages?status=QUEUED&size=1").path("total").asLong();
        }
        return single("SELECT COUNT(*) FROM hub_event WHERE status IN ('VALIDATED', 'QUEUED')");
    }

    public boolean inboxEmpty() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("hub-data/plants/plant-1000/inbox"))) {
            return files.noneMatch(p -> p.getFileName().toString().endsWith(".csv"));
        }
    }

    /** One number from the hub's database. */
    public long single(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, postgresPort == 0 ? "sa" : "postgres", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How often the hub's ERP breaker went to {@code to} (OPEN, CLOSED, HALF_OPEN), from its Prometheus metrics. */
    public long breakerTransitions(String to) {
        String metrics = hubApi.call("viewer", "GET", "/actuator/prometheus", null).body();
        return metrics.lines().filter(l -> l.startsWith("hub_erp_breaker_transitions_total{") && l.contains("to=\"" + to + "\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(java.util.Arrays.asList(hub, erpJvm, broker, postgres));
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep stopping the others
            }
        }
    }
}

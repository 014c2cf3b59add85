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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Several hubs as the production layout runs them, with real processes on one machine: a standalone Artemis broker, one
 * PostgreSQL, the ERP sandbox in its own JVM, and hub JVMs with the {@code postgres} and {@code external-broker}
 * profiles that share one data directory (the plant folders and {@code hub.cluster.dir}, the shared storage of a real
 * site). Each hub has its own {@code hub.cluster.instance-id}.
 */
public final class ClusterRig implements AutoCloseable {

    public final Path dir;
    public final Path shared;
    public final ArtemisBroker broker;
    public final HubJvm erpJvm;
    public final SandboxErp erp;
    public final Map<String, HubJvm> hubs = new LinkedHashMap<>();
    private final EmbeddedPostgres postgres;
    private final String jdbcUrl;

    /** The pair's backup broker (startOnPair), else null. */
    public final ArtemisBroker backup;
    private final String brokerUrl;

    private ClusterRig(Path dir, EmbeddedPostgres postgres, ArtemisBroker broker, HubJvm erpJvm) {
        this(dir, postgres, broker, null, broker.url(), erpJvm);
    }

    private ClusterRig(Path dir, EmbeddedPostgres postgres, ArtemisBroker broker, ArtemisBroker backup, String brokerUrl,
            HubJvm erpJvm) {
        this.backup = backup;
        this.brokerUrl = brokerUrl;
        this.dir = dir;
        this.shared = dir.resolve("shared");
        this.postgres = postgres;
        this.jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        this.broker = broker;
        this.erpJvm = erpJvm;
        this.erp = new SandboxErp(erpJvm.port());
    }

    /** PostgreSQL, the broker, the ERP sandbox, then one hub per id, each started once the one before is healthy. */
    public static ClusterRig start(List<String> ids, String... extraHubArgs) throws Exception {
        return start(ids, broker -> { }, extraHubArgs);
    }

    /** As above, with {@code brokerSetup} applied to the broker's instance before it starts (users, acceptors). */
    public static ClusterRig start(List<String> ids, BrokerSetup brokerSetup, String... extraHubArgs) throws Exception {
        Path dir = TestFiles.newDataDir().toAbsolutePath();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            EmbeddedPostgres postgres = ReliabilityRig.postgres(dir.resolve("postgres"), 0);
            started.add(postgres);
            ArtemisBroker broker = ArtemisBroker.create(dir);
            started.add(broker);
            brokerSetup.apply(broker);
            broker.start();
            HubJvm erpJvm = ReliabilityRig.erp(dir, "384m");
            started.add(erpJvm);
            return withHubs(new ClusterRig(dir, postgres, broker, erpJvm), ids, extraHubArgs);
        } catch (Exception | AssertionError e) {
            closeAll(started);
            throw e;
        }
    }

    private HubJvm hub(String id, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=embedded,postgres,external-broker",
                "--hub.cluster.instance-id=" + id, "--hub.data-dir=" + shared,
                "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--spring.datasource.hikari.maximum-pool-size=30",
                "--spring.artemis.broker-url=" + brokerUrl, "--spring.artemis.user=" + ArtemisBroker.USER,
                "--spring.artemis.password=" + ArtemisBroker.PASSWORD, "--spring.artemis.pool.max-connections=8",
                "--hub.sandbox.enabled=false", "--hub.erp.base-url=http://localhost:" + erpJvm.port() + "/sandbox/erp",
                "--hub.erp.consumers=16", "--hub.erp.read-timeout=2s", "--hub.erp.settle-time=5s",
                "--hub.erp.retry.initial-delay=100", "--hub.erp.retry.max-delay=1000",
                "--hub.plants.poll-delay=300", "--hub.reconciliation.check-interval=3600000",
                "--hub.support.dead-letter-scan-interval=2000", "--logging.level.org.apache.camel.component.file.cluster=DEBUG"));
        args.addAll(List.of(extraArgs));
        return new HubJvm(id, HubJvm.freePort(), dir.resolve("logs/" + id + ".log"), "384m", args);
    }

    /**
     * As {@link #start}, on the replicated live/backup pair of docker/compose.yaml (docker/artemis/ha/): the primary
     * is {@link #broker}, the backup {@link #backup}, started once the backup has its copy of the primary's journal.
     * The hubs know both (ha=true) and fail over to whichever is live.
     */
    public static ClusterRig startOnPair(List<String> ids, String... extraHubArgs) throws Exception {
        Path dir = TestFiles.newDataDir().toAbsolutePath();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            EmbeddedPostgres postgres = ReliabilityRig.postgres(dir.resolve("postgres"), 0);
            started.add(postgres);
            int primaryPort = HubJvm.freePort();
            int backupPort = HubJvm.freePort();
            ArtemisBroker primary = ArtemisBroker.createPairMember(dir, "primary", primaryPort, backupPort);
            started.add(primary);
            ArtemisBroker backup = ArtemisBroker.createPairMember(dir, "backup", backupPort, primaryPort);
            started.add(backup);
            primary.start();
            backup.launch();
            // AMQ221031: the backup is in sync with the primary and ready to take over
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                    .pollInterval(java.time.Duration.ofMillis(300)).until(() -> backup.console().contains("AMQ221031"));
            String url = "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort + ")?ha=true"
                    + "&reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=2&maxRetryInterval=5000";
            HubJvm erpJvm = ReliabilityRig.erp(dir, "384m");
            started.add(erpJvm);
            return withHubs(new ClusterRig(dir, postgres, primary, backup, url, erpJvm), ids, extraHubArgs);
        } catch (Exception | AssertionError e) {
            closeAll(started);
            throw e;
        }
    }

    /** Starts one hub per id, each once the one before is healthy; a hub that does not start stops the rig. */
    private static ClusterRig withHubs(ClusterRig rig, List<String> ids, String... extraHubArgs) {
        try {
            for (String id : ids) {
                HubJvm hub = rig.hub(id, extraHubArgs);
                rig.hubs.put(id, hub);
                hub.start();
            }
            return rig;
        } catch (RuntimeException | AssertionError e) {
            rig.close();
            throw e;
        } catch (Exception e) {
            rig.close();
            throw new IllegalStateException(e);
        }
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception ignored) {
                // stopping what was started, after a failure that is reported
            }
        }
    }

    /** Changes a broker instance before it starts. */
    @FunctionalInterface
    public interface BrokerSetup {
        void apply(ArtemisBroker broker) throws Exception;
    }

    public HubApi api(String id) {
        return new HubApi(hubs.get(id).port());
    }

    /** The hub that holds the singletons' lock now, as the running hubs' logs say (null: none yet). */
    public String leader() throws IOException {
        for (Map.Entry<String, HubJvm> hub : hubs.entrySet()) {
            if (hub.getValue().alive()) {
                String last = null;
                for (String line : Files.readAllLines(dir.resolve("logs/" + hub.getKey() + ".log"))) {
                    if (line.contains("cluster/hub-singletons") && (line.contains(" acquired") || line.contains(" lost"))) {
                        last = line;
                    }
                }
                if (last != null && last.contains(" acquired")) {
                    return hub.getKey();
                }
            }
        }
        return null;
    }

    public void drop(String name, Plant1000Csv file) {
        TestFiles.drop(shared, "plant-1000", name, file.bytes());
    }

    /** Plant 1000's files in {@code folder} (below work/: every hub's), by name. */
    public List<Path> files(String folder) throws IOException {
        try (Stream<Path> files = Files.walk(shared.resolve("plants/plant-1000").resolve(folder))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Events taken in but neither booked, held nor turned into an exception. */
    public long inFlight() throws SQLException {
        return single("SELECT COUNT(*) FROM hub_event WHERE status IN ('VALIDATED', 'QUEUED')");
    }

    public long single(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows of a query of two columns, as "first=second". */
    public List<String> pairs(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "=" + rs.getString(2));
            }
        }
        return rows;
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(hubs.values());
        all.add(erpJvm);
        all.add(broker);
        if (backup != null) {
            all.add(backup);
        }
        all.add(postgres);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                // keep stopping the others
            }
        }
    }
}

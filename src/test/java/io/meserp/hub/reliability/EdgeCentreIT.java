package io.meserp.hub.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.ClusterRig;
import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubJvm;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub at the plant and one at the centre, real processes on one machine: the edge hub (profile edge: embedded broker,
 * H2, no ERP) takes plant 1000's files in and its broker's core bridge forwards the events over TLS, logged in as the
 * plant site, to the central broker, where the central hub books them. The link is cut (the central broker killed)
 * while it carries events and 2,000 rows are dropped at the edge: the edge keeps taking them in and tracing them. When the link is back, the
 * ERP holds each row once, in order per order and operation, and the central trace shows the edge's steps.
 */
class EdgeCentreIT {

    private static final int FILES = 20;
    private static final int ROWS = 100;
    private static final int ORDERS = 20;
    private static final int TOTAL = FILES * ROWS;
    private static final String EDGE_USER = "edge-plant-1000";
    private static final String EDGE_PASSWORD = "Edge-Site-Secret-4711";
    private static final String SUPPORT = "support";
    private static final String SUPPORT_PASSWORD = "Edge-Support-Secret-0815";

    private static ClusterRig rig;
    private static HubJvm edge;
    private static Path edgeData;
    private static String centralUrl;

    @BeforeAll
    static void start() throws Exception {
        Path tls = TestFiles.newDataDir().toAbsolutePath();
        Path keyStore = tls.resolve("central.p12");
        Path trustStore = tls.resolve("edge-trust.p12");
        keyPair(keyStore, trustStore);
        rig = ClusterRig.start(List.of("centre"), broker -> {
            broker.addPlantUser(EDGE_USER, EDGE_PASSWORD, "plant-1000");
            centralUrl = broker.addTlsAcceptor(keyStore, "central-store-pw") + ";trustStorePath=" + trustStore
                    + ";trustStorePassword=edge-trust-pw;trustStoreType=PKCS12;verifyHost=true";
        });
        edgeData = rig.dir.resolve("edge");
        Path edgePlants = Files.createDirectories(rig.dir.resolve("edge-plants/plant-1000"));
        try (Stream<Path> files = Files.list(Path.of("mappings/plants/plant-1000"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, edgePlants.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        edge = new HubJvm("edge", HubJvm.freePort(), rig.dir.resolve("logs/edge.log"), "384m", List.of(
                "--spring.profiles.active=edge", "--hub.cluster.instance-id=edge-1000", "--hub.data-dir=" + edgeData,
                "--hub.plants.mappings-dir=" + edgePlants.getParent(), "--hub.channels.acceptor=",
                "--hub.edge.central-url=" + centralUrl, "--hub.edge.user=" + EDGE_USER,
                "--hub.edge.password=" + EDGE_PASSWORD, "--hub.edge.max-retry-interval=2000",
                "--hub.security.users[0].name=" + SUPPORT, "--hub.security.users[0].password={noop}" + SUPPORT_PASSWORD,
                "--hub.security.users[0].roles=viewer,operator,admin", "--hub.plants.poll-delay=300"));
        edge.start();
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theEdgeKeepsTakingEventsInWhileTheLinkIsDownAndTheCentreBooksEachOnceInOrderWhenItIsBack() throws Exception {
        HubApi edgeApi = new HubApi(edge.port()).withUser(SUPPORT, SUPPORT_PASSWORD);
        // no ERP of its own: the edge runs the intake and housekeeping routes, none that posts, releases or reconciles
        List<String> edgeRoutes = new ArrayList<>();
        edgeApi.get(SUPPORT, "/actuator/camelroutes").forEach(r -> edgeRoutes.add(r.path("id").asText()));
        assertThat(edgeRoutes).contains("plant-file-inbound-plant-1000", "plant-message-inbound-plant-1000")
                .noneMatch(id -> id.contains("erp-post") || id.startsWith("order-release")
                        || id.startsWith("reconciliation") || id.startsWith("confirmation-aggregate"));
        // the link is cut while it carries events: a quarter of the files are flowing when the central broker dies
        List<Plant1000Csv> files = Bookings.files(FILES, ROWS, ORDERS, LocalDate.of(2025, 12, 1));
        for (int f = 0; f < FILES / 4; f++) {
            TestFiles.drop(edgeData, "plant-1000", "edge-" + f + ".csv", files.get(f).bytes());
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> rig.erp.count() >= 50);
        rig.broker.kill();
        long bookedAtCut = rig.erp.count();
        for (int f = FILES / 4; f < FILES; f++) {
            TestFiles.drop(edgeData, "plant-1000", "edge-" + f + ".csv", files.get(f).bytes());
        }
        // the edge takes every row in and queues it for the centre, which it cannot reach
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> count(edgeApi, "FORWARDED") >= TOTAL && inbox().isEmpty());
        assertThat(count(edgeApi, "VALIDATED") + count(edgeApi, "QUEUED")).as("unfinished at the edge").isZero();
        assertThat(edgeApi.get(SUPPORT, "/api/exceptions?size=1").path("total").asLong()).as("exceptions at the edge")
                .isZero();
        // support at the plant sees the link down and what waits for it
        JsonNode link = edgeApi.get(SUPPORT, "/actuator/health").path("components").path("edgeLink");
        assertThat(link.path("status").asText()).isEqualTo("UP");
        long waitingAtCut = link.path("details").path("edge-plant-1000").path("waiting").asLong();
        // what the centre's hub held when its broker died may still reach the ERP; what waits at the edge cannot
        assertThat(rig.erp.count()).as("booked while the link was down").isLessThanOrEqualTo(TOTAL - waitingAtCut);
        assertThat(link.path("details").path("edge-plant-1000").path("link").asText()).isEqualTo("down");
        assertThat(link.path("details").path("edge-plant-1000").path("waiting").asLong()).isPositive()
                .isLessThanOrEqualTo(TOTAL - bookedAtCut);

        rig.broker.start();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> rig.erp.count() >= TOTAL && rig.inFlight() == 0);
        Bookings.assertExactlyOnceAndInOrder(rig.erp, files, TOTAL, ORDERS);
        JsonNode back = edgeApi.get(SUPPORT, "/actuator/health").path("components").path("edgeLink").path("details")
                .path("edge-plant-1000");
        assertThat(back.path("link").asText()).isEqualTo("up");
        assertThat(back.path("waiting").asLong()).isZero();
        assertThat(rig.single("SELECT COUNT(*) FROM hub_event WHERE flow = 'confirmation'")).isEqualTo(TOTAL);
        assertThat(rig.single("SELECT COUNT(*) FROM hub_exception")).as("exceptions at the centre").isZero();

        // the central trace of an order shows where the edge took each event from, and when it forwarded it
        String order = files.get(FILES - 1).rows().get(0).order();
        JsonNode trace = rig.api("centre").get("viewer", "/api/orders/" + order + "/trace");
        List<String> edgeSteps = new ArrayList<>();
        List<String> centreSteps = new ArrayList<>();
        for (JsonNode entry : trace.path("timeline")) {
            String line = entry.path("step").asText() + " " + entry.path("detail").asText();
            if ("edge-1000".equals(entry.path("instance").asText())) {
                edgeSteps.add(line);
            } else if ("centre".equals(entry.path("instance").asText())) {
                centreSteps.add(line);
            }
        }
        assertThat(edgeSteps).anyMatch(s -> s.startsWith("received at the edge") && s.contains("edge-" + (FILES - 1) + ".csv"));
        assertThat(edgeSteps).anyMatch(s -> s.startsWith("forwarded by the edge"));
        assertThat(centreSteps).anyMatch(s -> s.startsWith("posted"));

        String summary = "EdgeCentreIT: " + TOTAL + " confirmations in " + FILES + " files at the edge; the central broker"
                + " killed at " + bookedAtCut + " booked, " + (FILES - FILES / 4) + " files dropped while it was down and "
                + waitingAtCut + " events waiting at the edge; the ERP holds each once and in order; the central trace of"
                + " order " + order + " shows " + edgeSteps.size() + " edge steps";
        System.out.println(summary);
        Files.createDirectories(Path.of("target/reliability"));
        Files.writeString(Path.of("target/reliability/edge-centre-run.txt"), summary + System.lineSeparator());
    }

    private static long count(HubApi api, String status) {
        return api.get(SUPPORT, "/api/messages?status=" + status + "&size=1").path("total").asLong();
    }

    private static List<Path> inbox() throws IOException {
        try (Stream<Path> files = Files.list(edgeData.resolve("plants/plant-1000/inbox"))) {
            return files.toList();
        }
    }

    /** The central broker's key pair (CN localhost, for 127.0.0.1 too) and the edge's trust store with its certificate. */
    private static void keyPair(Path keyStore, Path trustStore) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path cert = keyStore.resolveSibling("central.crt");
        run(keytool, "-genkeypair", "-alias", "central", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", "central-store-pw", "-keypass", "central-store-pw");
        run(keytool, "-exportcert", "-alias", "central", "-keystore", keyStore.toString(), "-storepass",
                "central-store-pw", "-file", cert.toString());
        run(keytool, "-importcert", "-noprompt", "-alias", "central", "-file", cert.toString(), "-keystore",
                trustStore.toString(), "-storetype", "PKCS12", "-storepass", "edge-trust-pw");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}

package io.meserp.hub.erp.connector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.FaultProxy;
import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Trytond;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connector test kit (issue 12): the reliability scenarios run against every connector that has a test peer, in
 * one hub, with the same counts: every event booked once, in order, none twice. The peers: the sandbox's S/4 OData
 * (plant 1000, connector s4), its legacy SOAP service (plant 1200, connector soap) and a real Tryton 6.0 (plant 4000,
 * connector mappings/erp/tryton, behind a test proxy that can drop the ERP's answer or fail one production's writes).
 * Outage: the sandbox refuses every call / trytond is stopped. Commit then time out: every booking is made and its
 * answer lost (the sandbox hangs after booking / the proxy forwards and drops the answer). Refusal: an unknown order.
 * Poison: every booking of one order fails with a 500 while the rest of the ERP works. Re-drop: the same file again.
 * Beside the kit, what only Tryton shows, by configuration only (mappings/erp/tryton): a confirmation runs the
 * production, records yield and scrap as output moves and finishes it on the final one; a draft or unknown production is
 * refused with Tryton's reason; waiting productions reach plant 4000's outbox, a change follows, a pushed event is read
 * through the connector. Without Debian's tryton-server the Tryton cases are skipped (CI=true installs it and fails
 * instead).
 */
class ConnectorKitIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Duration LONG = Duration.ofMinutes(3);
    private static Trytond tryton;
    private static FaultProxy proxy;

    @BeforeAll
    static void startTryton() throws Exception {
        if (Trytond.installed()) {
            tryton = Trytond.start();
            proxy = new FaultProxy(tryton.url());
        }
    }

    @AfterAll
    static void stopTryton() throws InterruptedException {
        if (proxy != null) {
            proxy.close();
        }
        if (tryton != null) {
            tryton.close();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        plantsWith(registry, DATA, "src/test/resources/samples/soap/plant-1200", "mappings/erp/tryton/plant-4000");
        registry.add("HUB_TRYTON_URL", () -> proxy == null ? "http://127.0.0.1:9/hub/" : proxy.url());
        registry.add("HUB_TRYTON_USER", () -> Trytond.USER);
        registry.add("HUB_TRYTON_PASSWORD", () -> Trytond.PASSWORD);
        registry.add("hub.erp.poison.max-attempts", () -> "3");
        registry.add("hub.support.dead-letter-scan-interval", () -> "300");
        registry.add("hub.release.poll-interval", () -> "1000");
        registry.add("hub.release.initial-delay", () -> "1000");
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    private ConnectorKitPeers.Peer peer(String name) {
        if (name.equals("tryton")) {
            Assumptions.assumeTrue(tryton != null, "Skipped: no Debian tryton-server (apt-get install tryton-server"
                    + " tryton-modules-production to run the Tryton cases of the connector kit)");
            return new ConnectorKitPeers.TrytonPeer(tryton, proxy);
        }
        return new ConnectorKitPeers.SandboxPeer(erp, name.equals("s4") ? "plant-1000" : "plant-1200");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s4", "soap", "tryton"})
    void anOutageDelaysAndARedropRepeatsNothing(String name) throws Exception {
        ConnectorKitPeers.Peer peer = peer(name);
        String a = peer.newOrder();
        String b = peer.newOrder();
        byte[] file = peer.file(List.of(new ConnectorKitPeers.Confirmation(a, 11), new ConnectorKitPeers.Confirmation(b, 21), new ConnectorKitPeers.Confirmation(a, 12),
                new ConnectorKitPeers.Confirmation(b, 22), new ConnectorKitPeers.Confirmation(a, 13), new ConnectorKitPeers.Confirmation(b, 23)));
        peer.down();
        try {
            drop(peer.plant(), "outage.csv", file);
            await().atMost(LONG).until(() -> waitingWithAttempts(peer.plant(), a, b) > 0);
        } finally {
            peer.up();
        }
        await().atMost(LONG).until(() -> inFlight() == 0 && peer.booked(a).size() == 3 && peer.booked(b).size() == 3);
        assertThat(peer.booked(a)).containsExactly(11, 12, 13);
        assertThat(peer.booked(b)).containsExactly(21, 22, 23);

        int archived = files(peer.plant(), "archive").size();
        drop(peer.plant(), "outage-again.csv", file);
        await().atMost(LONG).until(() -> files(peer.plant(), "archive").size() == archived + 1 && inFlight() == 0);
        assertThat(peer.booked(a)).containsExactly(11, 12, 13);
        assertThat(peer.booked(b)).containsExactly(21, 22, 23);
        assertThat(exceptions(a, b)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s4", "soap", "tryton"})
    void anAnswerLostAfterTheErpBookedIsFoundNotBookedAgain(String name) throws Exception {
        ConnectorKitPeers.Peer peer = peer(name);
        String a = peer.newOrder();
        String b = peer.newOrder();
        peer.loseAnswers();
        try {
            drop(peer.plant(), "lost-answers.csv", peer.file(List.of(new ConnectorKitPeers.Confirmation(a, 31), new ConnectorKitPeers.Confirmation(b, 41),
                    new ConnectorKitPeers.Confirmation(a, 32), new ConnectorKitPeers.Confirmation(b, 42))));
            await().atMost(LONG).until(() -> inFlight() == 0 && peer.booked(a).size() >= 2 && peer.booked(b).size() >= 2);
        } finally {
            peer.heal();
        }
        assertThat(peer.booked(a)).containsExactly(31, 32);
        assertThat(peer.booked(b)).containsExactly(41, 42);
        // every first answer was lost: each event was found in the ERP by the connector's look-up
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE posted_note LIKE"
                + " 'found in ERP%' AND order_no IN (?, ?)", Long.class, a, b)).isEqualTo(4);
        assertThat(exceptions(a, b)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s4", "soap", "tryton"})
    void aRefusalBecomesOneExceptionAndTheRestIsBooked(String name) throws Exception {
        ConnectorKitPeers.Peer peer = peer(name);
        String a = peer.newOrder();
        String unknown = peer.unknownOrder();
        drop(peer.plant(), "refusal.csv", peer.file(List.of(new ConnectorKitPeers.Confirmation(a, 51), new ConnectorKitPeers.Confirmation(unknown, 5),
                new ConnectorKitPeers.Confirmation(a, 52))));
        await().atMost(LONG).until(() -> inFlight() == 0 && exceptions(unknown) == 1 && peer.booked(a).size() == 2);
        assertThat(peer.booked(a)).containsExactly(51, 52);
        assertThat(jdbc.queryForObject("SELECT reason FROM hub_exception WHERE order_no = ?", String.class, unknown))
                .contains(unknown);
        assertThat(exceptions(a)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s4", "soap", "tryton"})
    void aPoisonMessageHoldsItsOrderOnlyAndAReplayBooksItInOrder(String name) throws Exception {
        ConnectorKitPeers.Peer peer = peer(name);
        HubApi api = new HubApi(port);
        String a = peer.newOrder();
        String b = peer.newOrder();
        peer.poison(a);
        JsonNode poison;
        try {
            drop(peer.plant(), "poison.csv", peer.file(List.of(new ConnectorKitPeers.Confirmation(a, 61), new ConnectorKitPeers.Confirmation(b, 71),
                    new ConnectorKitPeers.Confirmation(a, 62), new ConnectorKitPeers.Confirmation(b, 72))));
            await().atMost(LONG).until(() -> openDeadLetters(api, a).size() == 1 && held(a) == 1
                    && peer.booked(b).size() == 2);
            poison = openDeadLetters(api, a).get(0);
            assertThat(poison.path("reason").asText()).contains("failed 3 times");
            assertThat(peer.booked(a)).isEmpty();
            assertThat(peer.booked(b)).containsExactly(71, 72);
        } finally {
            peer.heal();
        }
        api.json("operator", "POST", "/api/exceptions/" + poison.path("id").asLong() + "/replay", null, 200);
        await().atMost(LONG).until(() -> inFlight() == 0 && held(a) == 0 && peer.booked(a).size() == 2);
        assertThat(peer.booked(a)).containsExactly(61, 62);
        assertThat(peer.booked(b)).containsExactly(71, 72);
    }

    /** What only Tryton shows: a production run, yield and scrap as output moves, finished on the final confirmation. */
    @Test
    void trytonConfirmationsRunRecordAndFinishProductionsOnceAndRefusalsBecomeExceptions() throws Exception {
        Assumptions.assumeTrue(tryton != null, "Skipped: no Debian tryton-server");
        String a = tryton.production(100, "waiting");
        String b = tryton.production(20, "assigned");
        String c = tryton.production(5, "draft");
        String shift = "Id,Production,Op,Good,Scrap,Unit,Final,Finished\n"
                + "T1," + a + ",10,40,0,PCS,N,2026-11-30 08:00\n"
                + "T2," + a + ",10,50,2,PCS,N,2026-11-30 09:00\n"
                + "T3," + a + ",10,10,0,PCS,Y,2026-11-30 10:00\n"
                + "T4," + b + ",10,20,0,PCS,Y,2026-11-30 08:30\n"
                + "T5," + c + ",10,5,0,PCS,N,2026-11-30 08:30\n"
                + "T6,999999,10,5,0,PCS,N,2026-11-30 08:30\n";
        drop("plant-4000", "shift-1.csv", shift.getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> inFlight() == 0 && exceptions(c, "999999") == 2
                && "done".equals(tryton.productionByNumber(a).path("state").asText()));
        assertThat(tryton.outputs(a)).containsExactly("lost_found 2.0", "storage 10.0", "storage 40.0", "storage 50.0");
        assertThat(tryton.productionByNumber(b).path("state").asText()).isEqualTo("done");
        assertThat(tryton.outputs(b)).containsExactly("storage 20.0");
        assertThat(tryton.outputs(c)).isEmpty();
        List<String> reasons = jdbc.queryForList("SELECT reason FROM hub_exception WHERE order_no IN (?, '999999')", String.class,
                c);
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("production " + c + " is draft in Tryton, not running"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("production 999999 is not in Tryton"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE order_no IN (?, ?) AND status = 'POSTED'"
                + " AND flow = 'confirmation'", Long.class, a, b)).isEqualTo(4);

        // the same file again, under another name: nothing is booked twice
        int archived = files("plant-4000", "archive").size();
        drop("plant-4000", "shift-1-again.csv", shift.getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> files("plant-4000", "archive").size() == archived + 1 && inFlight() == 0);
        assertThat(tryton.outputs(a)).hasSize(4);
        assertThat(tryton.outputs(b)).hasSize(1);

        // reconciliation reads what Tryton holds through the connector: all agrees but the two refused events
        JsonNode report = new HubApi(port).json("operator", "POST", "/api/reconciliation", "{\"plant\":\"plant-4000\","
                + "\"from\":\"2026-11-30T07:59:00+01:00\",\"to\":\"2026-11-30T10:01:00+01:00\"}", 201);
        assertThat(report.path("run").path("status").asText()).isEqualTo("DONE");
        assertThat(report.path("mismatches").findValuesAsText("order")).containsExactlyInAnyOrder(c, "999999");
        assertThat(report.path("mismatches").findValuesAsText("cause")).containsOnly("IN_EXCEPTION");
        List<String> totals = new java.util.ArrayList<>();
        report.path("totals").forEach(t -> totals.add(t.path("order").asText() + " " + t.path("measure").asText() + " "
                + t.path("reported").decimalValue().stripTrailingZeros().toPlainString() + "/"
                + t.path("booked").decimalValue().stripTrailingZeros().toPlainString()));
        assertThat(totals).contains(a + " yield 100/100", a + " scrap 2/2", b + " yield 20/20");
    }

    /** Workflow W1 by configuration: a waiting production reaches the plant's outbox; a change of it follows. */
    @Test
    void trytonReleasedProductionsReachThePlantsOutboxAndAChangeFollows() throws Exception {
        Assumptions.assumeTrue(tryton != null, "Skipped: no Debian tryton-server");
        String e = tryton.production(12, "waiting");
        await().atMost(LONG).until(() -> outbox(e).size() == 1);
        String released = Files.readString(outbox(e).get(0));
        assertThat(released).startsWith("Production,Product,Quantity,Unit,Start,End,Op,Work center,Text,Change")
                .contains(e + ",W-100,12,PCS,2026-11-30 00:00,2026-11-30 00:00,0010,TRYTON,Widget,N");
        int id = tryton.productionByNumber(e).path("id").asInt();
        tryton.rpc("model.production.write", List.of(id), java.util.Map.of("quantity", 15), java.util.Map.of());
        await().atMost(LONG).until(() -> outbox(e).size() == 2);
        assertThat(outbox(e).stream().map(p -> {
            try {
                return Files.readString(p);
            } catch (java.io.IOException x) {
                throw new IllegalStateException(x);
            }
        })).anySatisfy(text -> assertThat(text).contains(e + ",W-100,15,PCS").contains(",Y"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE flow = 'release' AND order_no = ?"
                + " AND status = 'POSTED'", Long.class, e)).isEqualTo(2);

        // Tryton (or a script beside it) pushes a change: read through the connector, the version the plant has
        String pushed = "{\"specversion\":\"1.0\",\"id\":\"t-1\",\"source\":\"erp://tryton\","
                + "\"type\":\"io.meserp.erp.production-order.changed.v1\",\"data\":{\"order\":\"" + e + "\"}}";
        var answer = erp.post("/api/erp/events", "operator", "operator", pushed);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).contains("\"outcome\":\"duplicate\"");
        assertThat(outbox(e)).hasSize(2);
        assertThat(erp.post("/api/erp/events", "operator", "operator", pushed.replace("erp://tryton", "erp://nosuch"))
                .body()).contains("no ERP connector nosuch");
    }

    private List<Path> outbox(String order) {
        if (!Files.isDirectory(plantDir("plant-4000").resolve("outbox"))) {
            return List.of();
        }
        return files("plant-4000", "outbox").stream().filter(p -> p.getFileName().toString().startsWith(order + "-")).toList();
    }

    private long waitingWithAttempts(String plant, String... orders) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE plant = ? AND attempts > 0 AND status <> 'POSTED'"
                + " AND order_no IN (" + String.join(",", java.util.Collections.nCopies(orders.length, "?")) + ")",
                Long.class, concat(plant, orders));
    }

    private long exceptions(String... orders) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE order_no IN ("
                + String.join(",", java.util.Collections.nCopies(orders.length, "?")) + ")", Long.class, (Object[]) orders);
    }

    private long held(String order) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE order_no = ? AND status = 'HELD'", Long.class, order);
    }

    private static List<JsonNode> openDeadLetters(HubApi api, String order) {
        List<JsonNode> items = new ArrayList<>();
        api.get("viewer", "/api/exceptions?order=" + order).path("items").forEach(i -> {
            if ("dlq".equals(i.path("origin").asText()) && "OPEN".equals(i.path("status").asText())) {
                items.add(i);
            }
        });
        return items;
    }

    private static Object[] concat(String first, String... rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}

package io.meserp.hub.erp.connector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Trytond;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real non-SAP ERP connected by configuration only (issue 12): a Debian trytond (Tryton 6.0, SQLite) and plant 4000
 * (mappings/erp/tryton/plant-4000) booking through the http-json connector mappings/erp/tryton/connector.yaml. A
 * confirmation runs the production, records yield and scrap as output moves and finishes it on the final one, each
 * once; a production Tryton cannot book for and an unknown one become exceptions with Tryton's reason; a file dropped
 * again books nothing; while trytond is down the events wait and are booked once when it is back. Without Debian's
 * tryton-server the test is skipped (CI=true installs it and fails instead).
 */
class TrytonErpIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Duration LONG = Duration.ofMinutes(3);
    private static Trytond tryton;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Trytond.installed(), "Skipped: no Debian tryton-server (apt-get install tryton-server"
                + " tryton-modules-production to run the Tryton ERP test)");
        tryton = Trytond.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        plantsWith(registry, DATA, "mappings/erp/tryton/plant-4000");
        registry.add("HUB_TRYTON_URL", () -> tryton.url());
        registry.add("hub.release.poll-interval", () -> "1000");
        registry.add("hub.release.initial-delay", () -> "1000");
        registry.add("HUB_TRYTON_USER", () -> Trytond.USER);
        registry.add("HUB_TRYTON_PASSWORD", () -> Trytond.PASSWORD);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (tryton != null) {
            tryton.close();
        }
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void confirmationsRunRecordAndFinishProductionsOnceAndRefusalsBecomeExceptions() throws Exception {
        String a = tryton.production(100, "waiting");
        String b = tryton.production(20, "assigned");
        String c = tryton.production(5, "draft");
        String shift = "Id,Production,Op,Good,Scrap,Unit,Final,Finished\n"
                + "1," + a + ",10,40,0,PCS,N,2026-11-30 08:00\n"
                + "2," + a + ",10,50,2,PCS,N,2026-11-30 09:00\n"
                + "3," + a + ",10,10,0,PCS,Y,2026-11-30 10:00\n"
                + "4," + b + ",10,20,0,PCS,Y,2026-11-30 08:30\n"
                + "5," + c + ",10,5,0,PCS,N,2026-11-30 08:30\n"
                + "6,999999,10,5,0,PCS,N,2026-11-30 08:30\n";
        drop("plant-4000", "shift-1.csv", shift.getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> inFlight() == 0 && exceptions() == 2
                && "done".equals(tryton.productionByNumber(a).path("state").asText()));
        assertThat(tryton.outputs(a)).containsExactly("lost_found 2.0", "storage 10.0", "storage 40.0", "storage 50.0");
        assertThat(tryton.productionByNumber(b).path("state").asText()).isEqualTo("done");
        assertThat(tryton.outputs(b)).containsExactly("storage 20.0");
        assertThat(tryton.outputs(c)).isEmpty();
        List<String> reasons = jdbc.queryForList("SELECT reason FROM hub_exception WHERE plant = 'plant-4000'", String.class);
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("production " + c + " is draft in Tryton, not running"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("production 999999 is not in Tryton"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE plant = 'plant-4000' AND status = 'POSTED'"
                + " AND flow = 'confirmation'", Long.class)).isEqualTo(4);

        // the same file again, under another name: nothing is booked twice
        drop("plant-4000", "shift-1-again.csv", shift.getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> files("plant-4000", "archive").size() == 2 && inFlight() == 0);
        assertThat(tryton.outputs(a)).hasSize(4);
        assertThat(tryton.outputs(b)).hasSize(1);

        // Tryton down: the events wait; once it is back, each is booked once
        String d = tryton.production(100, "waiting");
        tryton.stopServer();
        drop("plant-4000", "shift-2.csv", ("Id,Production,Op,Good,Scrap,Unit,Final,Finished\n"
                + "7," + d + ",10,30,0,PCS,N,2026-11-30 11:00\n"
                + "8," + d + ",10,70,1,PCS,Y,2026-11-30 12:00\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE plant = 'plant-4000'"
                + " AND attempts > 0 AND status <> 'POSTED'", Long.class) > 0);
        tryton.startServer();
        await().atMost(LONG).until(() -> inFlight() == 0
                && "done".equals(tryton.productionByNumber(d).path("state").asText()));
        assertThat(tryton.outputs(d)).containsExactly("lost_found 1.0", "storage 30.0", "storage 70.0");
        assertThat(exceptions()).isEqualTo(2);
    }

    /** Workflow W1 by configuration: a waiting production reaches the plant's outbox; a change of it follows. */
    @Test
    void releasedProductionsReachThePlantsOutboxAndAChangeFollows() throws Exception {
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
    }

    private List<Path> outbox(String order) {
        if (!Files.isDirectory(plantDir("plant-4000").resolve("outbox"))) {
            return List.of();
        }
        return files("plant-4000", "outbox").stream().filter(p -> p.getFileName().toString().startsWith(order + "-")).toList();
    }

    private long exceptions() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE plant = 'plant-4000'", Long.class);
    }
}

package io.meserp.hub.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.meserp.hub.plant.ReleaseSettings;
import io.meserp.hub.support.HubTestSupport;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Order release end to end (workflow W1, ERP → MES): orders released or changed in the ERP sandbox reach the
 * plants checked and transformed: plant 2000 as B2MML V0600 files, plant 1000 in its CSV layout, plant 4000 (added
 * by configuration for this test) as B2MML V0700 on its queue. Invalid orders are held back as exceptions and
 * evaluated again when they change.
 */
class OrderReleaseIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Duration LONG = Duration.ofMinutes(2);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        plantsWith(registry, DATA, "src/test/resources/samples/release/plant-4000");
        registry.add("hub.release.poll-interval", () -> "300");
        registry.add("hub.release.initial-delay", () -> "300");
    }

    @Autowired
    JmsTemplate jms;

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void aReleasedOrderReachesItsPlantAsB2mmlThatFollowsTheSchema() throws Exception {
        createOrder("2000500", "2000", "PP01", "[{\"operation\":\"0010\",\"workCenter\":\"PRESS-01\",\"text\":\"Pressing\"},"
                + "{\"operation\":\"0020\",\"workCenter\":\"PACK-01\",\"text\":\"Packing\"}]",
                "[{\"material\":\"RM-2000-01\",\"quantity\":35,\"unit\":\"KG\",\"operation\":\"0010\"}]");
        Path file = awaitOutbox("plant-2000", "2000500-", 1).get(0);
        Element root = ScheduleB2mmlWriterTest.parse(Files.readString(file));
        assertThat(root.getNamespaceURI()).isEqualTo(ReleaseSettings.V0600);
        assertThat(root.getLocalName()).isEqualTo("ProcessProductionSchedule");
        assertThat(B2mmlRules.check(root, ReleaseSettings.V0600)).isEmpty();
        assertThat(B2mmlTestXml.texts(root, "ProcessSegmentID")).containsExactly("0010", "0020");
        assertThat(B2mmlTestXml.texts(root, "EquipmentID")).containsExactly("PRESS-01", "PACK-01");
        assertThat(B2mmlTestXml.texts(root, "MaterialDefinitionID")).containsExactly("RM-2000-01", "FG-2000");
        assertThat(B2mmlTestXml.texts(root, "UnitOfMeasure")).containsExactly("KGM", "PCE");
        assertThat(B2mmlTestXml.texts(root, "StartTime").get(0)).isEqualTo("2026-12-01T06:00:00+01:00");
        try (var listing = Files.list(plantDir("plant-2000").resolve("outbox"))) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".writing-"));
        }
        assertThat(erp.get("/api/orders/2000500/trace", "viewer", "viewer").body())
                .contains("\"step\":\"received\"").contains("delivered release: outbox/2000500-");
    }

    @Test
    void aCsvPlantGetsTheOrderInItsOwnLayout() {
        createOrder("1000500", "1000", "PP01", "[{\"operation\":\"0010\",\"workCenter\":\"ASSY-01\",\"text\":\"Pre-assembly\"},"
                + "{\"operation\":\"0020\",\"workCenter\":\"ASSY-02\",\"text\":\"Final assembly\"}]", "[]");
        List<String> lines = lines(awaitOutbox("plant-1000", "1000500-", 1).get(0));
        assertThat(lines).containsExactly(
                "Auftrag;Material;Menge;Einheit;Eckstart;Eckende;Vorgang;Arbeitsplatz;Vorgangstext;Änderung",
                "1000500;FG-1000;1500;ST;01.12.2026 06:00:00;04.12.2026 18:00:00;0010;ASSY-01;Pre-assembly;",
                "1000500;FG-1000;1500;ST;01.12.2026 06:00:00;04.12.2026 18:00:00;0020;ASSY-02;Final assembly;");
    }

    @Test
    void aPushedAndPolledOrderIsPublishedOnce() {
        createOrder("2000501", "2000", "PP01", "[{\"operation\":\"0010\",\"workCenter\":\"PRESS-01\"}]", "[]");
        String event = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/default/sap.s4/SBX\","
                + "\"type\":\"sap.s4.beh.productionorder.v1.ProductionOrder.Released.v1\",\"data\":{\"ManufacturingOrder\":\"2000501\"}}";
        var pushed = erp.post("/api/erp/events", "operator", "operator", event);
        assertThat(pushed.statusCode()).isEqualTo(202);
        awaitOutbox("plant-2000", "2000501-", 1);
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_event"
                + " WHERE order_no = '2000501' AND received_at IS NOT NULL", Long.class) >= 1
                && watermarkPassed("2000501"));
        assertThat(erp.post("/api/erp/events", "operator", "operator", event).body()).contains("\"outcome\":\"duplicate\"");
        assertThat(outbox("plant-2000", "2000501-")).hasSize(1);
        assertThat(erp.post("/api/erp/events", "viewer", "viewer", event).statusCode()).isEqualTo(403);
        assertThat(erp.post("/api/erp/events", "operator", "operator",
                event.replace("2000501", "2000999")).statusCode()).isEqualTo(404);
    }

    @Test
    void invalidOrdersAreHeldBackAndEvaluatedAgainWhenTheyChange() {
        createOrder("1000501", "1000", "PP01", "[{\"operation\":\"0010\",\"workCenter\":\"ASSY-01\"}]",
                "[{\"material\":\"RM-1000-SCARCE\",\"quantity\":500,\"unit\":\"KG\",\"operation\":\"0010\"}]");
        createOrder("2000502", "2000", "PP01", "[]", "[]");
        createOrder("9999001", "9999", "PP01", "[{\"operation\":\"0010\",\"workCenter\":\"X-01\"}]", "[]");
        createOrder("1000502", "1000", "PP02", "[{\"operation\":\"0010\",\"workCenter\":\"ASSY-01\"}]",
                "[{\"material\":\"RM-1000-SCARCE\",\"quantity\":500,\"unit\":\"KG\",\"operation\":\"0010\"}]");
        awaitOutbox("plant-1000", "1000502-", 1);
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE flow = 'release'"
                + " AND order_no IN ('1000501', '2000502', '9999001')", Long.class) == 3);
        assertThat(reason("1000501")).contains("component RM-1000-SCARCE is short: 500 KGM needed, 5 in stock");
        assertThat(reason("2000502")).contains("the order has no routing");
        assertThat(reason("9999001")).contains("ERP plant 9999 is not configured");
        assertThat(outbox("plant-1000", "1000501-")).isEmpty();

        erp.admin("PUT", "/stock", "{\"material\":\"RM-1000-SCARCE\",\"plant\":\"1000\",\"quantity\":800,\"unit\":\"KG\"}");
        erp.admin("PATCH", "/orders/1000501", "{\"quantity\":1500}");
        awaitOutbox("plant-1000", "1000501-", 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE order_no = '1000501'", Long.class)).isEqualTo(1);
        erp.admin("PUT", "/stock", "{\"material\":\"RM-1000-SCARCE\",\"plant\":\"1000\",\"quantity\":5,\"unit\":\"KG\"}");
    }

    @Test
    void aChangeOfQuantityOrDatesSendsAnUpdateAndOtherChangesSendNothing() throws Exception {
        createOrder("2000503", "2000", "PP01", "[{\"operation\":\"0010\",\"workCenter\":\"PRESS-01\"}]", "[]");
        awaitOutbox("plant-2000", "2000503-", 1);
        erp.admin("PATCH", "/orders/2000503", "{\"quantity\":1750}");
        List<Path> files = awaitOutbox("plant-2000", "2000503-", 2);
        Element update = ScheduleB2mmlWriterTest.parse(Files.readString(files.get(1)));
        assertThat(update.getLocalName()).isEqualTo("ChangeProductionSchedule");
        assertThat(B2mmlRules.check(update, ReleaseSettings.V0600)).isEmpty();
        assertThat(B2mmlTestXml.texts(update, "QuantityString")).containsExactly("1750");

        erp.admin("PATCH", "/orders/2000503", "{\"plannedEnd\":\"2026-12-06T18:00:00\"}");
        awaitOutbox("plant-2000", "2000503-", 3);

        erp.admin("PATCH", "/orders/2000503", "{\"released\":true}");
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_event"
                + " WHERE order_no = '2000503' AND posted_note LIKE '%not sent: no change%'", Long.class) == 1);
        assertThat(outbox("plant-2000", "2000503-")).hasSize(3);
    }

    @Test
    void aQueuePlantGetsB2mmlV0700OnItsQueueGroupedByOrder() throws Exception {
        createOrder("4000001", "4000", "PP01", "[{\"operation\":\"0010\",\"workCenter\":\"LINE-1\"}]", "[]");
        jms.setReceiveTimeout(Duration.ofMinutes(1).toMillis());
        TextMessage message = (TextMessage) jms.receive("mes.plant-4000.orders");
        assertThat(message).isNotNull();
        assertThat(message.getStringProperty("JMSXGroupID")).isEqualTo("4000001");
        Element root = ScheduleB2mmlWriterTest.parse(message.getText());
        assertThat(root.getNamespaceURI()).isEqualTo(ReleaseSettings.V0700);
        assertThat(B2mmlRules.check(root, ReleaseSettings.V0700)).isEmpty();
    }

    private void createOrder(String order, String plant, String type, String operations, String components) {
        String material = plant.equals("9999") ? "FG-9999" : "FG-" + plant;
        erp.admin("POST", "/orders", "{\"order\":\"" + order + "\",\"plant\":\"" + plant + "\",\"orderType\":\"" + type
                + "\",\"material\":\"" + material + "\",\"quantity\":1500,\"unit\":\"ST\",\"released\":true,"
                + "\"plannedStart\":\"2026-12-01T06:00:00\",\"plannedEnd\":\"2026-12-04T18:00:00\","
                + "\"operations\":" + operations + ",\"components\":" + components + "}");
    }

    private boolean watermarkPassed(String order) {
        String mark = jdbc.queryForList("SELECT mark FROM hub_watermark WHERE name = 'order-release'", String.class)
                .stream().findFirst().orElse("0");
        String stamp = jdbc.queryForObject("SELECT MAX(source) FROM hub_event WHERE order_no = ?", String.class, order);
        return stamp != null && mark.compareTo(stamp.replaceAll(".*LastChangeDateTime (\\d{14}).*", "$1")) >= 0;
    }

    private String reason(String order) {
        return jdbc.queryForObject("SELECT reason FROM hub_exception WHERE flow = 'release' AND order_no = ?", String.class, order);
    }

    private List<Path> outbox(String plant, String prefix) {
        return files(plant, "outbox").stream().filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }

    private List<Path> awaitOutbox(String plant, String prefix, int count) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> outbox(plant, prefix).size() >= count);
        return outbox(plant, prefix);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

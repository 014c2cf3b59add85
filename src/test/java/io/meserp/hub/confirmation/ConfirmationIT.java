package io.meserp.hub.confirmation;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.support.FailingStatements;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.RouteCatalog;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Confirmations end to end (workflow W2): plant files in, exactly-once bookings in the ERP sandbox out, through
 * the real embedded broker and database. Each scenario counts what the ERP holds at the end.
 */
@Import(FailingStatements.class)
class ConfirmationIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Duration LONG = Duration.ofMinutes(3);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
    }

    @Autowired
    CamelContext camel;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void thousandRowsAcrossFiftyOrdersAreBookedOnceEvenWhenTheFileIsDroppedAgain() {
        Plant1000Csv csv = Plant1000Csv.generate(1000, 50, day(1));
        drop("plant-1000", "shift-early.csv", csv.bytes());
        awaitBooked(1000, LONG);
        assertBookedExactly(csv.rows());

        // b: the same file again under another name: the file fingerprint is known, nothing is sent
        drop("plant-1000", "shift-early-resent.csv", csv.bytes());
        // and the same facts in another file (other order, other name): every event is known already
        Plant1000Csv reordered = new Plant1000Csv();
        List<Plant1000Csv.Row> backwards = new java.util.ArrayList<>(csv.rows());
        java.util.Collections.reverse(backwards);
        backwards.forEach(r -> reordered.add(r.order(), r.operation(), workCenter(r.operation()), r.yield(),
                r.scrap(), r.start(), r.end()));
        drop("plant-1000", "shift-early-reordered.csv", reordered.bytes());
        await().atMost(LONG).until(() -> files("plant-1000", "archive").stream()
                .filter(p -> p.getFileName().toString().contains("shift-early-re")).count() == 2);
        awaitBooked(1000, LONG);
        assertThat(erp.count()).isEqualTo(1000);
        assertThat(jdbc.queryForObject("SELECT outcome FROM hub_file WHERE file_name = 'shift-early-resent.csv'", String.class))
                .isEqualTo("DUPLICATE");
        assertThat(jdbc.queryForObject("SELECT duplicates FROM hub_file WHERE file_name = 'shift-early-reordered.csv'",
                Integer.class)).isEqualTo(1000);
    }

    @Test
    void anErpOutageDuringTheRunOnlyDelays() {
        Plant1000Csv csv = Plant1000Csv.generate(1000, 50, day(2));
        drop("plant-1000", "outage.csv", csv.bytes());
        await().atMost(LONG).until(() -> erp.count() >= 100);
        erp.faults("{\"outage\": true}");
        await().atMost(LONG).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM hub_event_step WHERE step = 'failed' AND detail LIKE '%busy or down%'", Long.class) > 0);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE status = 'POSTED' AND source LIKE 'outage.csv %'",
                Long.class)).as("posted while the ERP is down").isLessThan(1000);
        erp.clearFaults();
        awaitBooked(1000, LONG);
        assertBookedExactly(csv.rows());
    }

    @Test
    void commitThenTimeoutOnATenthOfPostsBooksNothingTwice() {
        // the same fault at 20,000 events, with crashes, is in CrashIT
        erp.faults("{\"commitThenTimeoutRate\": 0.1}");
        Plant1000Csv csv = Plant1000Csv.generate(150, 30, day(3));
        drop("plant-1000", "flaky.csv", csv.bytes());
        awaitBooked(150, LONG);
        assertBookedExactly(csv.rows());
        long foundAfterDoubt = jdbc.queryForObject(
                "SELECT COUNT(*) FROM hub_event WHERE posted_note LIKE 'found in ERP%'", Long.class);
        // about 15 expected
        assertThat(foundAfterDoubt).as("postings recovered by asking the ERP").isGreaterThan(3);
    }

    @Test
    void throttlingAndServerErrorsAreRetriedWithoutDoubleBookings() {
        erp.faults("{\"errorRate\": 0.1, \"tooManyRequestsRate\": 0.1, \"retryAfterSeconds\": 1}");
        // the same faults at 20,000 events, with crashes, are in CrashIT
        Plant1000Csv csv = Plant1000Csv.generate(80, 16, day(9));
        drop("plant-1000", "throttled.csv", csv.bytes());
        awaitBooked(80, LONG);
        assertBookedExactly(csv.rows());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event_step WHERE step = 'failed' AND detail LIKE '%HTTP 429%'"
                + " AND event_id IN (SELECT event_id FROM hub_event WHERE source LIKE 'throttled.csv %')", Long.class))
                .as("429 answers seen").isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event_step WHERE step = 'failed' AND detail LIKE '%HTTP 500%'"
                + " AND event_id IN (SELECT event_id FROM hub_event WHERE source LIKE 'throttled.csv %')", Long.class))
                .as("500 answers seen").isPositive();
    }

    @Test
    void threeBadRowsAmongAHundredAreReportedAndTheOtherNinetySevenBooked() throws IOException {
        Plant1000Csv csv = Plant1000Csv.generate(100, 10, day(4));
        csv.replaceLine(9, withField(csv.lines().get(9), 7, "XX"));
        csv.replaceLine(49, withField(csv.lines().get(49), 4, "zehn"));
        csv.replaceLine(89, withField(csv.lines().get(89), 10, "31.02.2026 25:00:00"));
        drop("plant-1000", "with-bad-rows.csv", csv.bytes());
        await().atMost(LONG).until(() -> files("plant-1000", "error").stream()
                .anyMatch(p -> p.getFileName().toString().endsWith("with-bad-rows.csv.report.json")));
        awaitBooked(97, LONG);
        assertBookedExactly(csv.rows());

        Path report = files("plant-1000", "error").stream()
                .filter(p -> p.getFileName().toString().endsWith("with-bad-rows.csv.report.json")).findFirst().orElseThrow();
        assertThat(files("plant-1000", "error")).anyMatch(p -> p.getFileName().toString().endsWith("-with-bad-rows.csv"));
        JsonNode json = mapper.readTree(report.toFile());
        assertThat(json.path("rejected").asInt()).isEqualTo(3);
        assertThat(json.path("queued").asInt()).isEqualTo(97);
        Map<String, String> problems = new HashMap<>();
        json.path("problems").forEach(p -> problems.put(p.path("location").asText(), p.path("field").asText() + ": "
                + p.path("reason").asText()));
        assertThat(problems).containsOnlyKeys("row 10 (line 11)", "row 50 (line 51)", "row 90 (line 91)");
        assertThat(problems.get("row 10 (line 11)")).startsWith("unit: 'XX' is not a unit");
        assertThat(problems.get("row 50 (line 51)")).startsWith("yield: 'zehn' is not a number");
        assertThat(problems.get("row 90 (line 91)")).startsWith("end: '31.02.2026 25:00:00' is not a date");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE source LIKE 'with-bad-rows.csv row %'",
                Long.class)).isEqualTo(3);
    }

    @Test
    void hostileXmlIsRefusedWithAReportAndOtherFilesAreUnaffected() throws IOException {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE ProductionPerformance [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <ProductionPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600"><ID>&secret;</ID></ProductionPerformance>
                """;
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                <ProductionPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600"><ID>&lol3;</ID></ProductionPerformance>
                """;
        drop("plant-2000", "xxe.xml", xxe.getBytes(StandardCharsets.UTF_8));
        drop("plant-2000", "laughs.xml", laughs.getBytes(StandardCharsets.UTF_8));
        // a good file with a fact of its own (another MES event id than the sample the B2MML test uses)
        drop("plant-2000", "good.xml", new String(sample("plant-2000-performance-v0600.xml"), StandardCharsets.UTF_8)
                .replace("SR-2000001-0010-1", "SR-2000001-0010-7").getBytes(StandardCharsets.UTF_8));
        awaitBooked(1, LONG);
        await().atMost(LONG).until(() -> files("plant-2000", "error").stream()
                .filter(p -> p.toString().endsWith(".report.json")).count() == 2);
        for (String name : List.of("xxe.xml", "laughs.xml")) {
            Path report = files("plant-2000", "error").stream()
                    .filter(p -> p.getFileName().toString().endsWith(name + ".report.json")).findFirst().orElseThrow();
            JsonNode json = mapper.readTree(report.toFile());
            assertThat(json.path("outcome").asText()).isEqualTo("rejected");
            assertThat(json.path("reason").asText()).contains("DTD (DOCTYPE) is refused");
        }
        assertThat(Files.readString(files("plant-2000", "error").stream()
                .filter(p -> p.toString().endsWith("xxe.xml.report.json")).findFirst().orElseThrow())).doesNotContain("root:");
        assertThat(erp.count()).isEqualTo(1);
        assertThat(files("plant-2000", "archive")).anyMatch(p -> p.getFileName().toString().endsWith("-good.xml"));
    }

    @Test
    void aB2mmlDocumentBooksTheRightConfirmation() {
        drop("plant-2000", "performance.xml", sample("plant-2000-performance-v0600.xml"));
        drop("plant-2000", "performance-v7.xml", sample("plant-2000-performance-v0700.xml"));
        awaitBooked(2, LONG);
        Map<String, JsonNode> byOrder = erp.confirmations().stream()
                .collect(Collectors.toMap(c -> c.path("OrderID").asText(), c -> c));
        JsonNode v6 = byOrder.get("2000001");
        assertThat(v6.path("OrderOperation").asText()).isEqualTo("0010");
        assertThat(v6.path("Plant").asText()).isEqualTo("2000");
        assertThat(v6.path("WorkCenter").asText()).isEqualTo("PRESS-01");
        assertThat(v6.path("ConfirmationYieldQuantity").asText()).isEqualTo("480.000");
        assertThat(v6.path("ConfirmationScrapQuantity").asText()).isEqualTo("12.000");
        assertThat(v6.path("ConfirmationReworkQuantity").asText()).isEqualTo("0.000");
        assertThat(v6.path("ConfirmationUnit").asText()).isEqualTo("ST");
        assertThat(v6.path("ConfirmationUnitISOCode").asText()).isEqualTo("PCE");
        assertThat(v6.path("IsFinalConfirmation").asBoolean()).isTrue();
        assertThat(v6.path("Personnel").asText()).isEqualTo("815");
        assertThat(v6.path("ConfirmedExecutionStartDate").asText()).isEqualTo(odataDate(LocalDate.of(2026, 11, 26)));
        assertThat(v6.path("ConfirmedExecutionStartTime").asText()).isEqualTo("PT06H00M00S");
        assertThat(v6.path("ConfirmedExecutionEndTime").asText()).isEqualTo("PT09H45M00S");
        JsonNode v7 = byOrder.get("2000002");
        assertThat(v7.path("OrderOperation").asText()).isEqualTo("0020");
        assertThat(v7.path("ConfirmationYieldQuantity").asText()).isEqualTo("200.500");
        assertThat(v7.path("ConfirmationReworkQuantity").asText()).isEqualTo("1.000");
        assertThat(v7.path("IsFinalConfirmation").asBoolean()).isFalse();
    }

    private static byte[] performance(String order, String... segments) {
        StringBuilder xml = new StringBuilder("<ProductionPerformance xmlns=\"http://www.mesa.org/xml/B2MML-V0600\">"
                + "<ProductionResponse><ProductionRequestID>" + order + "</ProductionRequestID>");
        for (String segment : segments) {
            String[] idOpYield = segment.split(" ");
            xml.append("<SegmentResponse><ID>").append(idOpYield[0]).append("</ID><ProcessSegmentID>").append(idOpYield[1])
                    .append("</ProcessSegmentID><ActualEndTime>2026-11-26T09:00:00+01:00</ActualEndTime>")
                    .append("<MaterialProducedActual><MaterialDefinitionID>FG-2000</MaterialDefinitionID><Quantity>")
                    .append("<QuantityString>").append(idOpYield[2]).append("</QuantityString><UnitOfMeasure>ST")
                    .append("</UnitOfMeasure></Quantity></MaterialProducedActual></SegmentResponse>");
        }
        return xml.append("</ProductionResponse></ProductionPerformance>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<String> bookedFor(String order) {
        return erp.confirmations().stream().filter(c -> c.path("OrderID").asText().equals(order))
                .map(c -> c.path("OrderOperation").asText() + " " + c.path("ConfirmationYieldQuantity").asText())
                .sorted().toList();
    }

    /**
     * Issue 11, defect 1: a SegmentResponse/ID is unique only within its response, so two orders' segments numbered
     * 0010 are two confirmations (the second was dropped as a duplicate and its order had nothing). An id that comes
     * back with another fact (a B2MML segment, a CSV Meldungs-ID) is refused with an exception and a report, never
     * taken as a duplicate, and the rest of its file is booked.
     */
    @Test
    void idsReusedAcrossOrdersAreTwoFactsAndAnIdReusedForAnotherFactIsRefused() throws IOException {
        drop("plant-2000", "order-4.xml", performance("2000004", "0010 10 50"));
        drop("plant-2000", "order-5.xml", performance("2000005", "0010 10 60"));
        await().atMost(LONG).until(() -> bookedFor("2000004").size() == 1 && bookedFor("2000005").size() == 1);
        assertThat(bookedFor("2000005")).containsExactly("0010 60.000");

        drop("plant-2000", "order-4-changed.xml", performance("2000004", "0010 10 55", "0020 20 10"));
        await().atMost(LONG).until(() -> files("plant-2000", "error").stream()
                .anyMatch(p -> p.getFileName().toString().endsWith("order-4-changed.xml.report.json")));
        await().atMost(LONG).until(() -> bookedFor("2000004").size() == 2);
        assertThat(bookedFor("2000004")).containsExactly("0010 50.000", "0020 10.000");
        assertThat(jdbc.queryForList("SELECT reason FROM hub_exception WHERE order_no = '2000004'", String.class))
                .singleElement().satisfies(r -> assertThat(r).contains("was first taken with a different fact")
                        .contains("order-4.xml"));

        String csv = Files.readString(Path.of("src/test/resources/samples/confirmation/input/plant-1000-confirmations.csv"))
                .lines().findFirst().orElseThrow() + "\n"
                + "M-77;1000077;10;ASSY-01;10;0;0;ST;;26.11.2026 06:00:00;26.11.2026 07:00:00;4711;\n"
                + "M-77;1000077;10;ASSY-01;12;0;0;ST;;26.11.2026 06:00:00;26.11.2026 07:00:00;4711;\n"
                + "M-78;1000077;20;ASSY-02;8;0;0;ST;;26.11.2026 07:00:00;26.11.2026 08:00:00;4711;\n";
        drop("plant-1000", "reused-id.csv", csv.getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> bookedFor("1000077").size() == 2);
        await().atMost(LONG).until(() -> files("plant-1000", "error").stream()
                .anyMatch(p -> p.getFileName().toString().endsWith("reused-id.csv.report.json")));
        assertThat(bookedFor("1000077")).containsExactly("0010 10.000", "0020 8.000");
        assertThat(jdbc.queryForObject("SELECT reason FROM hub_exception WHERE order_no = '1000077'", String.class))
                .contains("row 2").contains("was first taken with a different fact").contains("row 1");
    }

    @Test
    void whatTheErpRefusesBecomesAnExceptionWithTheErpsOwnMessage() {
        Plant1000Csv csv = new Plant1000Csv();
        LocalDateTime t = day(5);
        csv.add("1000999", "0010", "ASSY-01", BigDecimal.TEN, BigDecimal.ZERO, t, t.plusMinutes(5));
        csv.add("1000900", "0010", "ASSY-01", BigDecimal.TEN, BigDecimal.ZERO, t, t.plusMinutes(6));
        csv.add("1000001", "0010", "ASSY-01", BigDecimal.TEN, BigDecimal.ZERO, t, t.plusMinutes(7));
        drop("plant-1000", "refused.csv", csv.bytes());
        awaitBooked(1, LONG);
        await().atMost(LONG).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM hub_exception WHERE order_no IN ('1000999', '1000900')", Long.class) == 2);
        assertThat(jdbc.queryForObject("SELECT reason FROM hub_exception WHERE order_no = '1000999'", String.class))
                .contains("HTTP 400").contains("RU/101").contains("Order 1000999 does not exist");
        assertThat(jdbc.queryForObject("SELECT reason FROM hub_exception WHERE order_no = '1000900'", String.class))
                .contains("is not released");
        assertThat(erp.count()).isEqualTo(1);
    }

    /**
     * Events that wait in the queue are taken a batch per delivery (jms-batch); each order's events are still booked in
     * the plant's order. What the ERP refuses in a batch does not stop the others: the batch is delivered again one event
     * at a time, the booked ones are skipped and the refused ones become exceptions.
     */
    @Test
    void waitingEventsAreBookedInBatchesEachOrderInItsOrderAndWhatIsRefusedGoesOnAlone() throws Exception {
        camel.getRouteController().stopRoute("confirmation-erp-post");
        try {
            Plant1000Csv csv = Plant1000Csv.generate(120, 8, day(8));
            LocalDateTime t = day(9);
            csv.add("1000999", "0010", "ASSY-01", BigDecimal.ONE, BigDecimal.ZERO, t, t.plusMinutes(5));
            csv.add("1000999", "0010", "ASSY-01", new BigDecimal(2), BigDecimal.ZERO, t.plusMinutes(10), t.plusMinutes(15));
            drop("plant-1000", "batched.csv", csv.bytes());
            await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE status = 'QUEUED'"
                    + " AND source LIKE 'batched.csv %'", Long.class) == 122);
        } finally {
            camel.getRouteController().startRoute("confirmation-erp-post");
        }
        awaitBooked(120, LONG);
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception x JOIN hub_event e"
                + " ON e.event_id = x.event_id WHERE e.source LIKE 'batched.csv %' AND x.status = 'OPEN'", Long.class) == 2);
        assertThat(jdbc.queryForList("SELECT e.order_no FROM hub_exception x JOIN hub_event e ON e.event_id = x.event_id"
                + " WHERE e.source LIKE 'batched.csv %'", String.class)).containsOnly("1000999");
        assertThat(erp.count()).isEqualTo(120);
        for (int o = 0; o < 8; o++) {
            String order = Integer.toString(1000000 + o);
            List<String> starts = erp.confirmations().stream().filter(c -> c.path("OrderID").asText().equals(order))
                    .sorted(java.util.Comparator.comparing(c -> Integer.parseInt(c.path("ConfirmationCount").asText())))
                    .map(c -> c.path("ConfirmedExecutionStartDate").asText() + c.path("ConfirmedExecutionStartTime").asText())
                    .toList();
            assertThat(starts).as("order %s booked in the plant's order", order).hasSize(15).isSortedAccordingTo(
                    java.util.Comparator.comparing(ConfirmationIT::odataInstant));
        }
        io.micrometer.core.instrument.DistributionSummary batches = meters.find("hub_erp_delivery_batch_events")
                .tag("flow", "confirmation").summary();
        assertThat(batches).as("deliveries of more than one event").isNotNull();
        assertThat(batches.max()).isGreaterThan(1);
        assertThat(batches.count()).isLessThan(122);
        JsonNode trace = new io.meserp.hub.support.HubApi(port).get("viewer", "/api/orders/1000003/trace");
        assertThat(trace.path("timeline").findValuesAsText("step")).contains("queued", "posted");
    }

    /**
     * An order whose event fails in a batch goes no further in that batch, even when the failure cannot be recorded (the
     * database connection it gets is stale, as after a database restart in CrashIT): its later events wait for it, and the
     * ERP books the order in the plant's order.
     */
    @Test
    void anEventThatFailsInABatchHoldsItsOrderEvenWhenItsFailureCannotBeRecorded() throws Exception {
        String order = "1000071";
        camel.getRouteController().stopRoute("confirmation-erp-post");
        try {
            Plant1000Csv csv = Plant1000Csv.generate(120, 8, day(10));
            LocalDateTime t = day(11);
            for (int i = 0; i < 3; i++) {
                csv.add(order, "0010", "ASSY-01", BigDecimal.ONE.add(BigDecimal.valueOf(i)), BigDecimal.ZERO,
                        t.plusMinutes(10L * i), t.plusMinutes(10L * i + 5));
            }
            drop("plant-1000", "stale-connection.csv", csv.bytes());
            await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE status = 'QUEUED'"
                    + " AND source LIKE 'stale-connection.csv %'", Long.class) == 123);
            // the order's first event fails in the ERP once; recording that failure meets a lost connection
            erp.faults("{\"shortDumpOrders\": [\"" + order + "\"]}");
            // twice: the ledger's group commit runs a failed group's writes again on their own
            FailingStatements.arm("SET erp_uncertain = ?, last_error = ?", 2, erp::clearFaults);
        } finally {
            camel.getRouteController().startRoute("confirmation-erp-post");
        }
        try {
            await().atMost(LONG).until(FailingStatements::failed);
            awaitBooked(123, LONG);
        } finally {
            FailingStatements.disarm();
        }
        List<String> starts = erp.confirmations().stream().filter(c -> c.path("OrderID").asText().equals(order))
                .sorted(java.util.Comparator.comparing(c -> Integer.parseInt(c.path("ConfirmationCount").asText())))
                .map(c -> c.path("ConfirmedExecutionStartDate").asText() + c.path("ConfirmedExecutionStartTime").asText())
                .toList();
        assertThat(starts).as("order %s booked in the plant's order", order).hasSize(3)
                .isSortedAccordingTo(java.util.Comparator.comparing(ConfirmationIT::odataInstant));
        assertThat(erp.count()).isEqualTo(123);
    }

    /** An OData date and time ("/Date(ms)/", "PT06H00M00S") as one comparable text. */
    private static String odataInstant(String dateAndTime) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/Date\\((\\d+)\\)/(.*)").matcher(dateAndTime);
        assertThat(m.matches()).as(dateAndTime).isTrue();
        return String.format("%015d%s", Long.parseLong(m.group(1)), m.group(2));
    }

    @Test
    void aStaleCsrfTokenIsFetchedAgain() {
        Plant1000Csv first = Plant1000Csv.generate(20, 5, day(6));
        drop("plant-1000", "before-restart.csv", first.bytes());
        awaitBooked(20, LONG);
        erp.invalidateCsrfTokens();
        Plant1000Csv second = Plant1000Csv.generate(20, 5, day(7));
        drop("plant-1000", "after-restart.csv", second.bytes());
        awaitBooked(40, LONG);
        assertThat(erp.count()).isEqualTo(40);
    }

    @Test
    void theOrderTraceShowsEachStepWithTheErpDocument() {
        Plant1000Csv csv = new Plant1000Csv();
        LocalDateTime t = day(8);
        csv.add("1000042", "0010", "ASSY-01", BigDecimal.TEN, BigDecimal.ONE, t, t.plusMinutes(5));
        drop("plant-1000", "trace.csv", csv.bytes());
        awaitBooked(1, LONG);
        JsonNode trace = json(erp.get("/api/orders/1000042/trace", "viewer", "viewer").body());
        List<String> steps = trace.path("timeline").findValuesAsText("step");
        assertThat(steps).containsSubsequence("received", "validated", "queued", "posted");
        String booked = erp.confirmations().get(0).path("ConfirmationGroup").asText() + "/"
                + erp.confirmations().get(0).path("ConfirmationCount").asText();
        assertThat(trace.path("events").get(0).path("erpDocument").asText()).isEqualTo(booked);
        assertThat(erp.get("/api/orders/1000042/trace", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void everySurfaceButHealthNeedsTheRightRole() {
        assertThat(erp.get("/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(erp.get("/actuator/hawtio/", null, null).statusCode()).isEqualTo(401);
        // viewers use Hawtio read-only; JMX writes need admin (JolokiaAccessIT has the whole policy)
        assertThat(erp.get("/actuator/hawtio/", "viewer", "viewer").statusCode()).isEqualTo(200);
        assertThat(erp.get("/actuator/hawtio/", "admin", "admin").statusCode()).isEqualTo(200);
        assertThat(erp.get("/actuator/jolokia/read/java.lang:type=Memory", "operator", "operator").statusCode()).isEqualTo(200);
        assertThat(erp.get("/actuator/jolokia/exec/java.lang:type=Memory/gc()", "operator", "operator").body())
                .contains("\"status\":403");
        assertThat(erp.get("/actuator/jolokia/search/org.apache.camel:type=routes,*", "admin", "admin").body())
                .contains("confirmation-erp-post");
        assertThat(erp.get("/actuator/jolokia/search/org.apache.activemq.artemis:subcomponent=queues,*", "admin", "admin")
                .body()).contains("hub.confirmation");
        assertThat(erp.get("/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
        assertThat(erp.get("/actuator/prometheus", "viewer", "viewer").statusCode()).isEqualTo(200);
        assertThat(erp.get("/sandbox/admin/faults", "operator", "operator").statusCode()).isEqualTo(403);
        assertThat(erp.get("/sandbox/erp/sap/opu/odata/sap/API_PROD_ORDER_CONFIRMATION_2_SRV/", "admin", "admin")
                .statusCode()).as("the ERP checks its own technical user").isEqualTo(401);
    }

    @Test
    void theRunningRoutesAreTheDocumentedOnes() throws IOException {
        Set<String> running = camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(RouteCatalog.documentedRouteIds());
        expected.remove("plant-file-inbound-<plant>");
        expected.remove("plant-message-inbound-<plant>");
        expected.addAll(List.of("plant-file-inbound-plant-1000", "plant-file-inbound-plant-2000",
                "plant-message-inbound-plant-1000", "plant-message-inbound-plant-2000"));
        assertThat(running).isEqualTo(expected);
    }

    /** Every row sent is booked exactly once, with its quantities, unit and plant-local dates and times. */
    private void assertBookedExactly(List<Plant1000Csv.Row> rows) {
        List<JsonNode> booked = erp.confirmations();
        assertThat(booked).hasSize(rows.size());
        Map<String, Long> perKey = booked.stream().collect(Collectors.groupingBy(this::key, Collectors.counting()));
        assertThat(perKey.values()).allMatch(n -> n == 1);
        assertThat(booked.stream().map(c -> c.path("ExternalSystemConfirmation").asText()).distinct()).hasSize(rows.size());
        Set<String> expected = rows.stream().map(r -> String.join("|", r.order(), r.operation(),
                r.yield().setScale(3).toPlainString(), r.scrap().setScale(3).toPlainString(), "ST", "PCE",
                odataDate(r.start().toLocalDate()), odataTime(r.start().toLocalTime()),
                odataDate(r.end().toLocalDate()), odataTime(r.end().toLocalTime()))).collect(Collectors.toSet());
        assertThat(booked.stream().map(this::key).collect(Collectors.toSet())).isEqualTo(expected);
    }

    private String key(JsonNode c) {
        return String.join("|", c.path("OrderID").asText(), c.path("OrderOperation").asText(),
                c.path("ConfirmationYieldQuantity").asText(), c.path("ConfirmationScrapQuantity").asText(),
                c.path("ConfirmationUnit").asText(), c.path("ConfirmationUnitISOCode").asText(),
                c.path("ConfirmedExecutionStartDate").asText(), c.path("ConfirmedExecutionStartTime").asText(),
                c.path("ConfirmedExecutionEndDate").asText(), c.path("ConfirmedExecutionEndTime").asText());
    }

    private static String withField(String line, int index, String value) {
        String[] fields = line.split(";", -1);
        fields[index] = value;
        return String.join(";", fields);
    }

    private static String workCenter(String operation) {
        return switch (operation) {
            case "0010" -> "ASSY-01";
            case "0020" -> "ASSY-02";
            default -> "TEST-01";
        };
    }

    private static LocalDateTime day(int n) {
        return LocalDate.of(2026, 3, 1).plusDays(n * 7L).atTime(5, 0);
    }

    static String odataDate(LocalDate date) {
        return "/Date(" + date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + ")/";
    }

    static String odataTime(LocalTime time) {
        return String.format("PT%02dH%02dM%02dS", time.getHour(), time.getMinute(), time.getSecond());
    }

    static byte[] sample(String name) {
        try {
            return Files.readAllBytes(Path.of("src/test/resources/samples/confirmation/input", name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(text, e);
        }
    }
}

package io.meserp.hub.erp.connector;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.support.FaultProxy;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.SandboxErp;
import io.meserp.hub.support.Trytond;

/** The test peers of the connector kit ({@link ConnectorKitIT}): what the kit needs of each ERP. */
final class ConnectorKitPeers {

    /** Numbers orders, rows and times apart across the kit's tests. */
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private ConnectorKitPeers() {
    }

    /** One confirmation as the kit sends it: an order's yield, non-final, each at its own time. */
    record Confirmation(String order, int yield) {
    }

    /** What the kit needs of an ERP: orders to confirm, its bookings, and ways to make it fail. */
    interface Peer {
        String plant();

        String newOrder() throws Exception;

        String unknownOrder();

        byte[] file(List<Confirmation> rows);

        /** The yields the ERP holds for the order, in the order it booked them. */
        List<Integer> booked(String order) throws Exception;

        void down() throws Exception;

        void up() throws Exception;

        void loseAnswers();

        void poison(String order) throws Exception;

        void heal();
    }

    /** Plant 1000 (OData) or 1200 (SOAP) on the sandbox: plant 1000's file format, orders made in the sandbox. */
    static final class SandboxPeer implements Peer {
        private final SandboxErp erp;
        private final String plant;

        SandboxPeer(SandboxErp erp, String plant) {
            this.erp = erp;
            this.plant = plant;
        }

        @Override
        public String plant() {
            return plant;
        }

        @Override
        public String newOrder() {
            String order = Integer.toString(4900000 + SEQUENCE.incrementAndGet());
            erp.createOrder(order, true);
            return order;
        }

        @Override
        public String unknownOrder() {
            return Integer.toString(4990000 + SEQUENCE.incrementAndGet());
        }

        @Override
        public byte[] file(List<Confirmation> rows) {
            Plant1000Csv csv = new Plant1000Csv();
            for (Confirmation c : rows) {
                LocalDateTime start = LocalDateTime.of(2026, 11, 30, 6, 0).plusMinutes(SEQUENCE.incrementAndGet());
                csv.add(c.order(), "0010", "ASSY-01", new BigDecimal(c.yield()), BigDecimal.ZERO, start,
                        start.plusSeconds(30));
            }
            return csv.bytes();
        }

        @Override
        public List<Integer> booked(String order) {
            List<JsonNode> list = new ArrayList<>(erp.confirmations().stream()
                    .filter(c -> c.path("OrderID").asText().equals(order)).toList());
            list.sort(Comparator.comparing(c -> Integer.parseInt(c.path("ConfirmationCount").asText())));
            return list.stream().map(c -> new BigDecimal(c.path("ConfirmationYieldQuantity").asText()).intValue()).toList();
        }

        @Override
        public void down() {
            erp.faults("{\"outage\": true}");
        }

        @Override
        public void up() {
            erp.clearFaults();
        }

        @Override
        public void loseAnswers() {
            erp.faults("{\"commitThenTimeoutRate\": 1.0}");
        }

        @Override
        public void poison(String order) {
            erp.faults("{\"shortDumpOrders\": [\"" + order + "\"]}");
        }

        @Override
        public void heal() {
            erp.clearFaults();
        }
    }

    /** Plant 4000 on a real trytond: productions made waiting, outage by stopping trytond, faults by the proxy. */
    static final class TrytonPeer implements Peer {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        private final Trytond tryton;
        private final FaultProxy proxy;

        TrytonPeer(Trytond tryton, FaultProxy proxy) {
            this.tryton = tryton;
            this.proxy = proxy;
        }

        @Override
        public String plant() {
            return "plant-4000";
        }

        @Override
        public String newOrder() throws Exception {
            return tryton.production(1000, "waiting");
        }

        @Override
        public String unknownOrder() {
            return Integer.toString(990000 + SEQUENCE.incrementAndGet());
        }

        @Override
        public byte[] file(List<Confirmation> rows) {
            StringBuilder csv = new StringBuilder("Id,Production,Op,Good,Scrap,Unit,Final,Finished\n");
            for (Confirmation c : rows) {
                int n = SEQUENCE.incrementAndGet();
                csv.append("K").append(n).append(',').append(c.order()).append(",10,").append(c.yield())
                        .append(",0,PCS,N,").append(TIME.format(LocalDateTime.of(2026, 11, 30, 6, 0).plusMinutes(n)))
                        .append('\n');
            }
            return csv.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public List<Integer> booked(String order) throws Exception {
            return tryton.storedInOrder(order);
        }

        @Override
        public void down() throws Exception {
            tryton.stopServer();
        }

        @Override
        public void up() throws Exception {
            tryton.startServer();
        }

        @Override
        public void loseAnswers() {
            proxy.dropAnswers(body -> body.contains("model.stock.move.create"));
        }

        @Override
        public void poison(String order) throws Exception {
            int id = tryton.productionByNumber(order).path("id").asInt();
            java.util.regex.Pattern output = java.util.regex.Pattern.compile("\"production_output\":\\s*" + id + "[,}]");
            proxy.failWith500(body -> body.contains("model.stock.move.create") && output.matcher(body).find());
        }

        @Override
        public void heal() {
            proxy.clear();
        }
    }
}

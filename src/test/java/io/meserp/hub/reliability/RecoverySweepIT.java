package io.meserp.hub.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import io.meserp.hub.support.HubApi;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries that go astray. The invariant the recovery sweep keeps: an event the ledger has not finished is in the broker, or is sent again.
 * Messages vanish from the queue behind the ledger's back (as they did when H2 lost commits on a kill -9); the sweep
 * sends exactly those again, not the ones still queued, and the ERP books every event once.
 */
class RecoverySweepIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final String ROUTE = "confirmation-erp-post";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        registry.add("hub.recovery.interval", () -> "500ms");
        registry.add("hub.recovery.stale-after", () -> "2s");
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ConnectionFactory connectionFactory;

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void eventsThatVanishedFromTheQueueAreSentAgainAndBookedOnce() throws Exception {
        int total = 120;
        camel.getRouteController().stopRoute(ROUTE);
        Plant1000Csv csv = Plant1000Csv.generate(total, 12, LocalDateTime.of(2026, 10, 20, 6, 0));
        drop("plant-1000", "rueck-recovery.csv", csv.bytes());
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM hub_event WHERE status = 'QUEUED'", Long.class) == total);

        // a third of the messages vanish; the ledger still says QUEUED for them
        List<String> lost = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue("hub.confirmation"))) {
            connection.start();
            while (lost.size() < total / 3) {
                Message message = consumer.receive(10_000);
                assertThat(message).as("a queued confirmation").isNotNull();
                lost.add(message.getStringProperty("hubEventId"));
            }
            session.commit();
        }

        // the sweep sends exactly the vanished ones again, once they have stood still long enough
        await().atMost(Duration.ofSeconds(30)).until(() -> recovered() >= lost.size());
        assertThat(jdbc.queryForList("SELECT DISTINCT event_id FROM hub_event_step WHERE step = 'recovered'", String.class))
                .containsExactlyInAnyOrderElementsOf(lost);

        camel.getRouteController().startRoute(ROUTE);
        awaitBooked(total, Duration.ofMinutes(2));
        assertThat(erp.count()).isEqualTo(total);
        assertThat(erp.confirmations().stream().map(c -> c.path("ExternalSystemConfirmation").asText()).distinct().count())
                .isEqualTo(total);
        assertThat(recovered()).as("nothing was sent again once it was booked").isEqualTo(lost.size());
        assertThat(new HubApi(port).call("viewer", "GET", "/actuator/prometheus", null).body())
                .contains("hub_events_total{flow=\"confirmation\",outcome=\"recovered\",plant=\"plant-1000\"} " + lost.size());
        String order = jdbc.queryForObject("SELECT order_no FROM hub_event WHERE event_id = ?", String.class, lost.get(0));
        assertThat(new HubApi(port).get("viewer", "/api/orders/" + order + "/trace").toString()).contains("recovered");
    }

    /**
     * Two deliveries of one event at the same time (two copies of its message that reach different consumers, as a
     * copy sent again can): one claims the event in the ledger and posts, the other waits and then finds it booked.
     */
    @Test
    void twoDeliveriesOfOneEventAtOnceBookItOnce() throws Exception {
        int total = 40;
        erp.faults("{\"latencyMs\":300}");
        camel.getRouteController().stopRoute(ROUTE);
        Plant1000Csv csv = Plant1000Csv.generate(total, total, LocalDateTime.of(2026, 10, 25, 6, 0));
        drop("plant-1000", "rueck-twice.csv", csv.bytes());
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM hub_event WHERE status = 'QUEUED' AND source LIKE 'rueck-twice.csv %'", Long.class) == total);
        // each message followed at once by a copy in another order group, so that the two go to different consumers
        // at about the same time
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue("hub.confirmation"))) {
            connection.start();
            jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue("hub.confirmation"));
            List<jakarta.jms.TextMessage> originals = new ArrayList<>();
            while (originals.size() < total) {
                jakarta.jms.TextMessage message = (jakarta.jms.TextMessage) consumer.receive(10_000);
                assertThat(message).as("a queued confirmation").isNotNull();
                originals.add(message);
            }
            for (jakarta.jms.TextMessage original : originals) {
                for (String group : List.of(original.getStringProperty("JMSXGroupID"),
                        "copy-" + original.getStringProperty("hubEventId"))) {
                    jakarta.jms.TextMessage copy = session.createTextMessage(original.getText());
                    copy.setStringProperty("hubEventId", original.getStringProperty("hubEventId"));
                    copy.setStringProperty("JMSXGroupID", group);
                    producer.send(copy);
                }
            }
            session.commit();
        }
        camel.getRouteController().startRoute(ROUTE);
        awaitBooked(total, Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_event"
                + " WHERE posting_until IS NOT NULL AND source LIKE 'rueck-twice.csv %'", Long.class) == 0);
        erp.clearFaults();
        assertThat(erp.count()).isEqualTo(total);
        assertThat(erp.confirmations().stream().map(c -> c.path("ExternalSystemConfirmation").asText()).distinct().count())
                .isEqualTo(total);
    }

    private long recovered() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_event_step WHERE step = 'recovered'", Long.class);
    }
}

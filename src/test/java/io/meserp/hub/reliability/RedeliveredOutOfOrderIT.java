package io.meserp.hub.reliability;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.confirmation.ConfirmationPoster;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When a hub dies, Artemis hands its messages back in two steps: first those of its open transaction, then those still
 * in its consumer's buffer, which go to the head of the queue before them. Another hub can then get a later event of an
 * order before an earlier one (TwoHubsIT saw it: one order's confirmations of files 36 to 38 booked before those of 29
 * to 36). A message delivered again whose order has an earlier event not booked yet is held in the ledger, and booked
 * right after that event.
 */
class RedeliveredOutOfOrderIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final String ROUTE = "confirmation-erp-post";
    private static final LocalDateTime SHIFT = LocalDateTime.of(2026, 11, 2, 6, 0);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    ConfirmationPoster poster;

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void aLaterEventDeliveredAgainBeforeAnEarlierOneWaitsForIt() throws Exception {
        camel.getRouteController().stopRoute(ROUTE);
        Plant1000Csv csv = new Plant1000Csv();
        for (int i = 0; i < 3; i++) {
            csv.add("1000071", "0010", "ASSY-01", new BigDecimal(10 + i), BigDecimal.ZERO, SHIFT.plusHours(i),
                    SHIFT.plusHours(i).plusMinutes(30));
        }
        drop("plant-1000", "handed-back.csv", csv.bytes());
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM hub_event WHERE order_no = '1000071' AND status = 'QUEUED'", Long.class) == 3);

        // the three messages, as the dead hub had them: taken off the queue, the ledger still says QUEUED
        List<String> bodies = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue("hub.confirmation"))) {
            connection.start();
            for (int i = 0; i < 3; i++) {
                Message message = consumer.receive(10_000);
                assertThat(message).as("a queued confirmation").isNotNull();
                bodies.add(((TextMessage) message).getText());
            }
            session.commit();
        }

        // the last one comes first, delivered again: it waits, nothing is booked
        poster.post(bodies.get(2), redelivered());
        assertThat(status(bodies.get(2))).isEqualTo("HELD");
        assertThat(erp.count()).isZero();
        // the first one is booked; the last still waits for the second
        poster.post(bodies.get(0), redelivered());
        assertThat(status(bodies.get(0))).isEqualTo("POSTED");
        assertThat(status(bodies.get(2))).isEqualTo("HELD");
        // the second is booked, and the held one right after it
        poster.post(bodies.get(1), redelivered());
        assertThat(status(bodies.get(1))).isEqualTo("POSTED");
        assertThat(status(bodies.get(2))).isEqualTo("POSTED");

        Map<Integer, String> byCounter = new TreeMap<>();
        for (JsonNode c : erp.confirmations()) {
            byCounter.put(Integer.parseInt(c.path("ConfirmationCount").asText()), c.path("ConfirmationYieldQuantity").asText());
        }
        assertThat(byCounter.values()).as("yields in the order the ERP counted them").containsExactly("10.000", "11.000",
                "12.000");
        assertThat(jdbc.queryForList("SELECT detail FROM hub_event_step WHERE step = 'held'", String.class))
                .singleElement().asString().contains("an earlier event of the order that is not booked yet");
        camel.getRouteController().startRoute(ROUTE);
    }

    private Exchange redelivered() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader("JMSRedelivered", true);
        return exchange;
    }

    private String status(String body) throws Exception {
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("id").asText();
        return jdbc.queryForObject("SELECT status FROM hub_event WHERE event_id = ?", String.class, id);
    }
}

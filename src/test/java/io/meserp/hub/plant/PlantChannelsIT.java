package io.meserp.hub.plant;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.reliability.Bookings;
import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A plant's MES without files (issue 11): real JMS (Artemis Core), AMQP 1.0 (Qpid JMS) and MQTT 3.1.1 (Eclipse
 * Paho) clients publish to mes.&lt;plant&gt;.inbound on the embedded broker's plant acceptor, logged in as the plant's
 * technical user, and a REST client posts to /api/plants/&lt;plant&gt;/events. Each channel delivers 500 confirmations
 * across 20 orders: exactly 500 in the ERP, in order per order; the same 500 again books nothing. A plant cannot
 * publish for another; malformed content becomes exception records with what was sent, and the rest flows.
 */
class PlantChannelsIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final int BROKER_PORT = freePort();
    private static final Duration LONG = Duration.ofMinutes(3);
    private static final String USER = "mes-plant-1000";
    private static final String TOPIC = "mes.plant-1000.inbound";

    private final ObjectMapper mapper = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
        registry.add("hub.channels.acceptor", () -> "tcp://127.0.0.1:" + BROKER_PORT);
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void jmsOverCoreDeliversEveryEventOnceAndInOrder() throws Exception {
        ConnectionFactory core = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT);
        deliverTwice(LocalDate.of(2026, 10, 1), "jms", events -> publishJms(core, USER, TOPIC, events));
    }

    @Test
    void amqpDeliversEveryEventOnceAndInOrder() throws Exception {
        ConnectionFactory amqp = new JmsConnectionFactory("amqp://127.0.0.1:" + BROKER_PORT);
        deliverTwice(LocalDate.of(2026, 10, 5), "amqp", events -> publishJms(amqp, USER, TOPIC, events));
    }

    @Test
    void mqttDeliversEveryEventOnceAndInOrder() throws Exception {
        try (MqttClient mqtt = mqtt(USER)) {
            deliverTwice(LocalDate.of(2026, 10, 9), "mqtt", events -> {
                for (String event : events) {
                    // QoS 1: returns once the broker has stored it
                    mqtt.publish("mes/plant-1000/inbound", event.getBytes(StandardCharsets.UTF_8), 1, false);
                }
            });
            mqtt.disconnect();
        }
    }

    /** MQTT 5 as well: QoS 1 publishes acknowledged with reason code success, booked once; another plant's topic refused. */
    @Test
    void mqtt5PublishesAreBookedToo() throws Exception {
        Plant1000Csv rows = Plant1000Csv.generate(60, 20, LocalDate.of(2026, 10, 17).atTime(LocalTime.of(5, 0)));
        List<String> events = cloudEvents(rows, "mqtt5");
        org.eclipse.paho.mqttv5.client.MqttConnectionOptions options = mqtt5Options();
        org.eclipse.paho.mqttv5.client.MqttClient mqtt = mqtt5("it5-", options);
        for (int round = 0; round < 2; round++) {
            for (String event : events) {
                org.eclipse.paho.mqttv5.common.MqttMessage message =
                        new org.eclipse.paho.mqttv5.common.MqttMessage(event.getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                mqtt.publish("mes/plant-1000/inbound", message);
            }
        }
        mqtt.disconnect();
        mqtt.close();
        // another plant's topic: MQTT 5 answers with a failure reason code in the PUBACK (or drops the connection)
        org.eclipse.paho.mqttv5.client.MqttAsyncClient other = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
                "tcp://127.0.0.1:" + BROKER_PORT, "it5-other-" + System.nanoTime(),
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        other.connect(options).waitForCompletion(10_000);
        boolean refused;
        try {
            org.eclipse.paho.mqttv5.common.MqttMessage message = new org.eclipse.paho.mqttv5.common.MqttMessage(
                    "{}".getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            org.eclipse.paho.mqttv5.client.IMqttToken token = other.publish("mes/plant-2000/inbound", message);
            token.waitForCompletion(10_000);
            int[] codes = token.getReasonCodes();
            refused = !other.isConnected() || (codes != null && codes.length > 0 && codes[0] >= 0x80);
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            refused = true;
        }
        assertThat(refused).as("MQTT 5 publish for plant 2000 as plant 1000").isTrue();
        if (other.isConnected()) {
            other.disconnect().waitForCompletion(10_000);
        }
        other.close(true);
        awaitBooked(60, LONG);
        Bookings.assertExactlyOnceAndInOrder(erp, List.of(rows), 60, 20);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE plant = 'plant-2000'", Long.class)).isZero();
    }

    /**
     * JSON records in the plant's own mapping (members named as its CSV columns) over MQTT 3.1.1, which carries no name:
     * read as a file "message.json" would be (plant 1000's *.json entry), each booked once and in order, again books
     * nothing. Over MQTT 5 the user property hubName names the content as a file: a name no mapping knows becomes an
     * exception naming it.
     */
    @Test
    void jsonRecordsInThePlantMappingOverMqttAreBookedOnceAndANamedOneIsReadByItsName() throws Exception {
        Plant1000Csv rows = Plant1000Csv.generate(60, 10, LocalDate.of(2026, 10, 21).atTime(LocalTime.of(5, 0)));
        List<String> header = List.of(Plant1000Csv.HEADER.split(";"));
        List<String> records = new ArrayList<>();
        for (String line : rows.lines()) {
            String[] values = line.split(";", -1);
            com.fasterxml.jackson.databind.node.ObjectNode record = mapper.createObjectNode();
            for (int i = 0; i < header.size(); i++) {
                if (!values[i].isEmpty()) {
                    record.put(header.get(i), values[i]);
                }
            }
            records.add(record.toString());
        }
        try (MqttClient mqtt = mqtt(USER)) {
            for (int round = 0; round < 2; round++) {
                for (int from = 0; from < records.size(); from += 20) {
                    mqtt.publish("mes/plant-1000/inbound", ("[" + String.join(",\n", records.subList(from, from + 20))
                            + "]").getBytes(StandardCharsets.UTF_8), 1, false);
                }
            }
            mqtt.disconnect();
        }
        org.eclipse.paho.mqttv5.client.MqttClient mqtt5 = mqtt5("it5-named-", mqtt5Options());
        org.eclipse.paho.mqttv5.common.MqttMessage named = new org.eclipse.paho.mqttv5.common.MqttMessage(
                records.get(0).getBytes(StandardCharsets.UTF_8));
        named.setQos(1);
        org.eclipse.paho.mqttv5.common.packet.MqttProperties properties = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        properties.setUserProperties(List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty("hubName",
                "schichtbericht.txt")));
        named.setProperties(properties);
        mqtt5.publish("mes/plant-1000/inbound", named);
        mqtt5.disconnect();
        mqtt5.close();
        awaitBooked(60, LONG);
        await().atMost(LONG).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE plant = 'plant-1000'"
                + " AND reason LIKE '%schichtbericht.txt%'", Long.class) == 1);
        Bookings.assertExactlyOnceAndInOrder(erp, List.of(rows), 60, 10);
    }

    @Test
    void restDeliversEveryEventOnceAndInOrderAndAnswersPerRecord() throws Exception {
        List<JsonNode> answers = new ArrayList<>();
        deliverTwice(LocalDate.of(2026, 10, 13), "rest", events -> {
            for (int from = 0; from < events.size(); from += 50) {
                HttpResponse<String> response = post("plant-1000", USER,
                        "[" + String.join(",", events.subList(from, Math.min(events.size(), from + 50))) + "]", null);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                answers.add(mapper.readTree(response.body()));
            }
        });
        // first round: each record queued with its event id; second round: each a duplicate
        assertThat(answers.get(0).path("queued").asInt()).isEqualTo(50);
        assertThat(answers.get(0).path("results")).hasSize(50).allSatisfy(r -> {
            assertThat(r.path("outcome").asText()).isEqualTo("queued");
            assertThat(r.path("eventId").asText()).hasSize(36);
        });
        assertThat(answers.get(10).path("duplicates").asInt()).isEqualTo(50);
        assertThat(answers.get(10).path("results")).allSatisfy(r -> assertThat(r.path("outcome").asText()).isEqualTo("duplicate"));
        assertThat(answers.get(10).path("results").get(0).path("eventId")).isEqualTo(answers.get(0).path("results").get(0).path("eventId"));

        // CSV in the plant's own layout, named as a file of that mapping would be; one bad row of three: 207
        String csv = Plant1000Csv.HEADER + "\n"
                + ";1000150;10;ASSY-01;7;0;0;ST;;12.10.2026 06:00:00;12.10.2026 07:00:00;4711;\n"
                + ";1000150;20;ASSY-02;seven;0;0;ST;;12.10.2026 07:00:00;12.10.2026 08:00:00;4711;\n"
                + ";1000151;10;ASSY-01;5;0;0;ST;;12.10.2026 06:00:00;12.10.2026 07:00:00;4711;\n";
        HttpResponse<String> mixed = post("plant-1000", USER, csv, "rueckmeldungen.csv");
        assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(207);
        JsonNode outcome = mapper.readTree(mixed.body());
        assertThat(outcome.path("queued").asInt()).isEqualTo(2);
        assertThat(outcome.path("refused").asInt()).isEqualTo(1);
        assertThat(outcome.toString()).contains("row 2 (line 3)", "seven");
        awaitBooked(503, LONG);
    }

    @Test
    void aPlantCannotPublishForAnother() throws Exception {
        ConnectionFactory core = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT);
        assertThatThrownBy(() -> publishJms(core, USER, "mes.plant-2000.inbound", List.of("{}")))
                .isInstanceOf(JMSException.class);
        ConnectionFactory amqp = new JmsConnectionFactory("amqp://127.0.0.1:" + BROKER_PORT);
        assertThatThrownBy(() -> publishJms(amqp, USER, "mes.plant-2000.inbound", List.of("{}")))
                .isInstanceOf(JMSException.class);
        // nor consume another plant's (or its own) inbound queue, nor publish without a login
        assertThatThrownBy(() -> {
            try (Connection c = core.createConnection(USER, USER)) {
                c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(
                        new org.apache.activemq.artemis.jms.client.ActiveMQQueue(TOPIC + "::" + TOPIC));
            }
        }).isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> publishJms(core, null, TOPIC, List.of("{}"))).isInstanceOf(JMSException.class);
        assertThatThrownBy(() -> publishJms(core, USER, TOPIC, List.of("{}"), "wrong-password"))
                .isInstanceOf(JMSException.class);
        boolean refused;
        try (MqttClient mqtt = mqtt(USER)) {
            mqtt.publish("mes/plant-2000/inbound", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
            refused = !mqtt.isConnected();
        } catch (MqttException e) {
            refused = true;
        }
        assertThat(refused).as("MQTT publish to plant-2000 as plant 1000 is refused (the broker drops the connection)").isTrue();
        HttpResponse<String> rest = post("plant-2000", USER, "[]", null);
        assertThat(rest.statusCode()).isEqualTo(403);
        HttpResponse<String> operator = post("plant-1000", "operator", "[]", null);
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE plant = 'plant-2000'", Long.class)).isZero();
    }

    @Test
    void malformedContentOnEveryChannelBecomesAnExceptionWithWhatWasSentAndTheRestFlows() throws Exception {
        Plant1000Csv rows = Plant1000Csv.generate(4, 4, LocalDate.of(2026, 10, 20).atTime(LocalTime.of(5, 0)));
        List<String> good = cloudEvents(rows, "bad");
        ConnectionFactory core = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT);
        ConnectionFactory amqp = new JmsConnectionFactory("amqp://127.0.0.1:" + BROKER_PORT);
        publishJms(core, USER, TOPIC, List.of("{ not json from jms", good.get(0)));
        publishJms(amqp, USER, TOPIC, List.of("<ProductionPerformance xmlns=\"urn:other\"/>", good.get(1)));
        try (MqttClient mqtt = mqtt(USER)) {
            mqtt.publish("mes/plant-1000/inbound", "garbage from mqtt".getBytes(StandardCharsets.UTF_8), 1, false);
            mqtt.publish("mes/plant-1000/inbound", good.get(2).getBytes(StandardCharsets.UTF_8), 1, false);
            mqtt.disconnect();
        }
        HttpResponse<String> rest = post("plant-1000", USER, "{\"specversion\":\"1.0\",\"type\":\"io.meserp.production-confirmation.v1\"}", null);
        assertThat(rest.statusCode()).isEqualTo(422);
        post("plant-1000", USER, good.get(3), null);
        awaitBooked(4, LONG);
        await().atMost(LONG).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM hub_exception WHERE plant = 'plant-1000' AND origin = 'input' AND payload LIKE '%'"
                        + " AND (payload LIKE '%not json from jms%' OR payload LIKE '%urn:other%' OR payload LIKE '%garbage from mqtt%'"
                        + " OR payload LIKE '%production-confirmation.v1%')", Long.class) >= 4);
        List<Map<String, Object>> exceptions = jdbc.queryForList(
                "SELECT source, reason, payload FROM hub_exception WHERE plant = 'plant-1000' AND origin = 'input'");
        assertThat(exceptions).anySatisfy(e -> assertThat(e.get("PAYLOAD").toString()).contains("not json from jms"));
        assertThat(exceptions).anySatisfy(e -> assertThat(e.get("PAYLOAD").toString()).contains("urn:other"));
        assertThat(exceptions).anySatisfy(e -> assertThat(e.get("PAYLOAD").toString()).isEqualTo("garbage from mqtt"));
        assertThat(exceptions).anySatisfy(e -> assertThat(e.get("SOURCE").toString()).startsWith("rest " + USER));
        assertThat(erp.count()).isEqualTo(4);
    }

    /** The mapping preview (issue 11, point 4): what a sample gives, refusals included; nothing queued or recorded. */
    @Test
    void thePreviewShowsEventsAndRefusalsWithoutQueueingAnything() throws Exception {
        long events = jdbc.queryForObject("SELECT COUNT(*) FROM hub_event", Long.class);
        long exceptions = jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception", Long.class);
        String csv = Plant1000Csv.HEADER + "\n"
                + ";1000160;10;ASSY-01;7;0;0;ST;;12.10.2026 06:00:00;12.10.2026 07:00:00;4711;\n"
                + ";1000160;20;ASSY-02;7;0;0;KARTON;;12.10.2026 07:00:00;12.10.2026 08:00:00;4711;\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/plants/plant-1000/preview?name=rueckmeldungen.csv"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:operator"
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode preview = mapper.readTree(response.body());
        assertThat(preview.path("mapping").asText()).isEqualTo("CSV *.csv -> confirmation");
        assertThat(preview.path("events")).singleElement().satisfies(e -> {
            assertThat(e.path("event").path("data").path("order").asText()).isEqualTo("1000160");
            assertThat(e.path("location").asText()).isEqualTo("row 1 (line 2)");
        });
        assertThat(preview.path("refused")).singleElement().satisfies(r -> {
            assertThat(r.path("location").asText()).isEqualTo("row 2 (line 3)");
            assertThat(r.path("value").asText()).isEqualTo("KARTON");
        });
        HttpResponse<String> viewer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(request.uri())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:viewer"
                        .getBytes(StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event", Long.class)).isEqualTo(events);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception", Long.class)).isEqualTo(exceptions);
    }

    // ---- a plant's MES, as its IT would write it

    private static List<String> cloudEvents(Plant1000Csv rows, String channel) {
        return io.meserp.hub.support.MesEvents.confirmations(rows, channel);
    }

    /** Something that publishes a list of bodies the way one channel does. */
    private interface Publisher {
        void publish(List<String> events) throws Exception;
    }

    /**
     * 500 confirmations across 20 orders, then the same 500 again, then one more: when that one is booked, the repeats
     * before it (one consumer, in order) were all taken, and the ERP must hold exactly 501, each once and in order.
     */
    private void deliverTwice(LocalDate day, String channel, Publisher publisher) throws Exception {
        Plant1000Csv rows = Plant1000Csv.generate(501, 20, day.atTime(LocalTime.of(5, 0)));
        List<String> events = cloudEvents(rows, channel);
        long t0 = System.nanoTime();
        publisher.publish(events.subList(0, 500));
        long t1 = System.nanoTime();
        awaitBooked(500, LONG);
        long t2 = System.nanoTime();
        assertThat(erp.count()).isEqualTo(500);
        publisher.publish(events.subList(0, 500));
        publisher.publish(events.subList(500, 501));
        long t3 = System.nanoTime();
        awaitBooked(501, LONG);
        System.out.printf("PlantChannelsIT %s: published 500 in %d ms, booked in %d ms more; again in %d ms, taken in %d ms%n",
                channel, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                (System.nanoTime() - t3) / 1_000_000);
        Bookings.assertExactlyOnceAndInOrder(erp, List.of(rows), 501, 20);
    }

    private static void publishJms(ConnectionFactory factory, String user, String topic, List<String> bodies)
            throws JMSException {
        publishJms(factory, user, topic, bodies, user);
    }

    private static void publishJms(ConnectionFactory factory, String user, String topic, List<String> bodies,
            String password) throws JMSException {
        // as an MES sends a burst: persistent, in transactions of 50 (acknowledged by the broker at each commit)
        try (Connection connection = user == null ? factory.createConnection() : factory.createConnection(user, password)) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createTopic(topic));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            int sent = 0;
            for (String body : bodies) {
                producer.send(session.createTextMessage(body));
                if (++sent % 50 == 0) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    private static org.eclipse.paho.mqttv5.client.MqttConnectionOptions mqtt5Options() {
        org.eclipse.paho.mqttv5.client.MqttConnectionOptions options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        options.setUserName(USER);
        options.setPassword(USER.getBytes(StandardCharsets.UTF_8));
        return options;
    }

    private static org.eclipse.paho.mqttv5.client.MqttClient mqtt5(String clientPrefix,
            org.eclipse.paho.mqttv5.client.MqttConnectionOptions options) throws org.eclipse.paho.mqttv5.common.MqttException {
        org.eclipse.paho.mqttv5.client.MqttClient client = new org.eclipse.paho.mqttv5.client.MqttClient(
                "tcp://127.0.0.1:" + BROKER_PORT, clientPrefix + System.nanoTime(),
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        client.connect(options);
        return client;
    }

    private static MqttClient mqtt(String user) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + BROKER_PORT, "it-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(user.toCharArray());
        options.setCleanSession(true);
        client.connect(options);
        return client;
    }

    private HttpResponse<String> post(String plant, String user, String body, String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/plants/" + plant
                        + "/events" + (name == null ? "" : "?name=" + name)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

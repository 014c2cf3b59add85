package io.meserp.hub.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.meserp.hub.support.HubJvm;
import io.meserp.hub.support.MesEvents;
import io.meserp.hub.support.Plant1000Csv;
import io.meserp.hub.support.ReliabilityRig;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plant's MES publishing over MQTT (QoS 1) to the embedded default while its broker dies: the hub (and with it the
 * embedded Artemis) is SIGKILLed mid-run. The publisher does what an MES must: it re-publishes whatever it had no
 * PUBACK for once it can connect again. Every acknowledged message must be booked (nothing acknowledged is lost), and
 * the re-published ones must not be booked twice: the ERP holds exactly the events sent, each once and in order.
 */
class MqttCrashIT {

    private static final int EVENTS = 1200;
    private static final int ORDERS = 20;
    private static final Duration RUN = Duration.ofMinutes(6);
    private static final int BROKER_PORT = HubJvm.freePort();

    private static ReliabilityRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = ReliabilityRig.startEmbedded("256m", "512m", "--hub.channels.acceptor=tcp://127.0.0.1:" + BROKER_PORT);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aBrokerKilledDuringAnMqttRunLosesNothingAcknowledgedAndBooksNothingTwice() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Plant1000Csv rows = Plant1000Csv.generate(EVENTS, ORDERS, LocalDate.of(2026, 3, 3).atTime(LocalTime.of(5, 0)));
        List<String> events = MesEvents.confirmations(rows, "mqtt-crash");
        AtomicInteger acknowledged = new AtomicInteger();
        List<String> log = new ArrayList<>();
        Thread mes = new Thread(() -> publishAll(events, acknowledged, log), "mes-publisher");
        mes.start();

        int killAt = 300 + random.nextInt(500);
        await().atMost(RUN).pollInterval(Duration.ofMillis(20)).until(() -> acknowledged.get() >= killAt);
        log.add("hub (and its broker) SIGKILLed after " + acknowledged.get() + " PUBACKs, " + rig.erp.count() + " booked");
        rig.hub.kill();
        rig.hub.start();
        mes.join(RUN.toMillis());
        assertThat(mes.isAlive()).as("publisher finished").isFalse();
        assertThat(acknowledged.get()).isEqualTo(EVENTS);

        await().atMost(RUN).pollInterval(Duration.ofMillis(500)).until(() -> rig.erp.count() >= EVENTS && rig.inFlight() == 0);
        Bookings.assertExactlyOnceAndInOrder(rig.erp, List.of(rows), EVENTS, ORDERS);
        System.out.println("MqttCrashIT seed " + seed + ": " + String.join("; ", log) + "; the ERP holds " + EVENTS
                + ", each once and in order");
    }

    /** QoS 1 publishes, one at a time; without a PUBACK the same event is published again after reconnecting. */
    private static void publishAll(List<String> events, AtomicInteger acknowledged, List<String> log) {
        MqttClient client = null;
        long deadline = System.nanoTime() + RUN.toNanos();
        int i = 0;
        while (i < events.size() && System.nanoTime() < deadline) {
            try {
                if (client == null || !client.isConnected()) {
                    client = connect();
                }
                client.publish("mes/plant-1000/inbound", events.get(i).getBytes(StandardCharsets.UTF_8), 1, false);
                acknowledged.incrementAndGet();
                i++;
            } catch (MqttException e) {
                synchronized (log) {
                    log.add("publish of event " + i + " not acknowledged (" + e.getMessage() + "); published again");
                }
                close(client);
                // as an MES does: connect again (the broker may be restarting), then publish the same event again
                client = await().atMost(RUN).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(MqttCrashIT::connect, java.util.Objects::nonNull);
            }
        }
        close(client);
    }

    private static MqttClient connect() throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + BROKER_PORT, "mes-plant-1000-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName("mes-plant-1000");
        options.setPassword("mes-plant-1000".toCharArray());
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        client.setTimeToWait(10_000);
        client.connect(options);
        return client;
    }

    private static void close(MqttClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException ignored) {
            // already gone with the broker
        }
    }
}

package io.meserp.hub.config;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.core.server.cluster.Bridge;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * An edge hub's link to the centre, as its broker's bridges see it: per plant whether the bridge is connected, how many
 * events wait on the edge queue and how many it has forwarded. In /actuator/health (component {@code edgeLink}) and as
 * gauges {@code hub_edge_waiting{plant}} and {@code hub_edge_connected{plant}}. A link that is down leaves the hub UP:
 * the edge goes on taking events in, which is what it is for; support watches the waiting count.
 */
@Component("edgeLink")
@ConditionalOnExpression("!'${hub.edge.central-url:}'.isBlank()")
public class EdgeLink implements HealthIndicator {

    private final ObjectProvider<EmbeddedActiveMQ> broker;

    public EdgeLink(ObjectProvider<EmbeddedActiveMQ> broker, MeterRegistry registry,
            io.meserp.hub.plant.PlantRegistry plants) {
        this.broker = broker;
        for (io.meserp.hub.plant.PlantDefinition plant : plants.all()) {
            String name = "edge-" + plant.id();
            Gauge.builder("hub_edge_waiting", () -> waiting(bridge(name)))
                    .description("Events of the plant waiting at the edge to be forwarded to the central broker")
                    .tag("plant", plant.id()).register(registry);
            Gauge.builder("hub_edge_connected", () -> connected(bridge(name)) ? 1 : 0)
                    .description("1 while the edge's bridge for the plant is connected to the central broker")
                    .tag("plant", plant.id()).register(registry);
        }
    }

    @Override
    public Health health() {
        Map<String, Object> links = new LinkedHashMap<>();
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded == null || embedded.getActiveMQServer() == null || embedded.getActiveMQServer().getClusterManager() == null) {
            return Health.unknown().withDetail("reason", "the embedded broker is not running").build();
        }
        for (Bridge bridge : embedded.getActiveMQServer().getClusterManager().getBridges().values()) {
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("link", connected(bridge) ? "up" : "down");
            link.put("waiting", bridge.getQueue().getMessageCount());
            link.put("forwarded", bridge.getMetrics().getMessagesAcknowledged());
            link.put("to", bridge.getForwardingAddress().toString());
            links.put(bridge.getName().toString(), link);
        }
        return Health.up().withDetails(links).build();
    }

    private static double waiting(Bridge bridge) {
        return bridge == null ? Double.NaN : bridge.getQueue().getMessageCount();
    }

    /**
     * Whether the bridge has a live connection to the centre. Its session outlives a broken connection while it
     * connects again, so the connection's transport is asked.
     */
    private static boolean connected(Bridge bridge) {
        if (bridge == null || !bridge.isConnected()) {
            return false;
        }
        org.apache.activemq.artemis.spi.core.protocol.RemotingConnection connection = bridge.getForwardingConnection();
        return connection != null && !connection.isDestroyed() && connection.getTransportConnection() != null
                && connection.getTransportConnection().isOpen();
    }

    private Bridge bridge(String name) {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded == null || embedded.getActiveMQServer() == null
                || embedded.getActiveMQServer().getClusterManager() == null) {
            return null;
        }
        return embedded.getActiveMQServer().getClusterManager().getBridges().get(name);
    }
}

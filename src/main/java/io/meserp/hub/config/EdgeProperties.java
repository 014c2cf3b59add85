package io.meserp.hub.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A hub at the plant (profile {@code edge}, hub.edge): it takes the plant's files, messages and requests in, validates
 * and records them as any hub does, and queues them on {@code hub.edge.<plant>} of its embedded broker instead of
 * booking them. A core bridge of that broker forwards the queue to the central broker's {@code mes.<plant>.inbound},
 * where the central hub takes them as the plant's messages and books them: store and forward is the broker's, so the
 * edge keeps taking events in while the link is down and delivers them, once each and in order, when it is back.
 *
 * @param centralUrl     the central broker's connector URL (TLS: {@code tcp://host:port?sslEnabled=true;trustStorePath=...});
 *                       empty: this hub is not an edge
 * @param user           the edge site's login on the central broker (a role that may send to its plants' addresses only)
 * @param password       its password
 * @param queue          the edge queue of a plant; {@code {plant}} is its id
 * @param centralAddress the address a plant's events are forwarded to on the central broker
 * @param retryInterval  how long the bridge waits before it connects again (ms; doubles up to {@code maxRetryInterval})
 */
@ConfigurationProperties("hub.edge")
public record EdgeProperties(
        @DefaultValue("") String centralUrl,
        @DefaultValue("") String user,
        @DefaultValue("") String password,
        @DefaultValue("hub.edge.{plant}") String queue,
        @DefaultValue("mes.{plant}.inbound") String centralAddress,
        @DefaultValue("1000") long retryInterval,
        @DefaultValue("30000") long maxRetryInterval) {

    /** Message properties an edge sets on each event it forwards, for the central hub's trace. */
    public static final String EDGE = "hubEdge";
    public static final String EDGE_SOURCE = "hubEdgeSource";
    public static final String EDGE_RECEIVED_AT = "hubEdgeReceivedAt";
    public static final String EDGE_FORWARDED_AT = "hubEdgeForwardedAt";

    public boolean enabled() {
        return centralUrl != null && !centralUrl.isBlank();
    }

    public String queueOf(String plant) {
        return queue.replace("{plant}", plant);
    }

    public String centralAddressOf(String plant) {
        return centralAddress.replace("{plant}", plant);
    }
}

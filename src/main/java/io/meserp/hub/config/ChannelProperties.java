package io.meserp.hub.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How plants reach the hub besides files (hub.channels): over the broker (JMS/Core, AMQP 1.0, MQTT) on
 * {@code mes.<plant>.inbound}, and over REST.
 *
 * @param messaging     whether the hub consumes mes.&lt;plant&gt;.inbound (one route per plant)
 * @param acceptor      the embedded broker's acceptor for plants ({@code tcp://host:port}); empty: none (in-VM only)
 * @param address       the inbound address of a plant; {@code {plant}} is its id
 * @param maxMessageSize the largest message or request body taken (bytes); a larger one is refused as a whole
 * @param batchSize     how many messages of a plant are taken in one transaction, at most
 */
@ConfigurationProperties("hub.channels")
public record ChannelProperties(
        @DefaultValue("true") boolean messaging,
        @DefaultValue("tcp://127.0.0.1:61616") String acceptor,
        @DefaultValue("mes.{plant}.inbound") String address,
        @DefaultValue("10485760") long maxMessageSize,
        @DefaultValue("200") int batchSize) {

    public String addressOf(String plant) {
        return address.replace("{plant}", plant);
    }

    /** The hub's own subscription queue on the (multicast) address, as a fully qualified queue name. */
    public String queueOf(String plant) {
        return addressOf(plant) + "::" + addressOf(plant);
    }
}

package io.meserp.hub.plant;

import java.util.ArrayList;
import java.util.List;

import io.meserp.hub.config.ChannelProperties;
import io.meserp.hub.config.EdgeProperties;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.springframework.stereotype.Component;

/**
 * Takes a plant's messages from its inbound queue in transacted batches: route plant-message-inbound-&lt;plant&gt; consumes
 * the queue with {@code jms-batch} (one consumer, so each order's messages stay in the order the MES published them) and
 * hands {@link #take} each message the moment it arrives, with whatever else is waiting, up to
 * {@code hub.channels.batch-size}. Their events are queued together, and only then are the messages acknowledged; a
 * failure rolls the batch back and the broker delivers its messages again, one at a time (what was already queued is
 * recognised by the ledger).
 *
 * <p>Not Camel's JMS consumer: that one commits each message on its own, which costs several database and journal syncs
 * per message (about 14 messages a second on this hub's machine); batches cost them once per batch, as a file does.
 */
@Component("plantMessageConsumer")
public class PlantMessageConsumer {

    /** Artemis keeps an MQTT 5 user property {@code k} as the message property {@code mqtt.ordered.user.property.<n>.k}. */
    private static final String MQTT_USER_PROPERTY = "mqtt.ordered.user.property.";

    private final PlantMessageIntake intake;
    private final ChannelProperties channels;

    public PlantMessageConsumer(PlantMessageIntake intake, ChannelProperties channels) {
        this.intake = intake;
        this.channels = channels;
    }

    /** Records and queues the events of a batch of the plant's messages; returns how many messages were taken. */
    public int take(String plantId, List<Message> messages) throws JMSException {
        List<PlantMessageIntake.Incoming> batch = new ArrayList<>(messages.size());
        for (Message message : messages) {
            batch.add(incoming(plantId, message));
        }
        intake.takeMessages(plantId, batch);
        return batch.size();
    }

    private PlantMessageIntake.Incoming incoming(String plantId, Message message) throws JMSException {
        byte[] body;
        if (message instanceof TextMessage text) {
            body = text.getText() == null ? new byte[0] : text.getText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else if (message instanceof BytesMessage bytes) {
            // one byte past the limit is enough for the intake to refuse an oversized message by its size
            body = new byte[(int) Math.min(bytes.getBodyLength(), channels.maxMessageSize() + 1)];
            bytes.readBytes(body);
        } else {
            body = message.getBody(byte[].class) == null ? new byte[0] : message.getBody(byte[].class);
        }
        String via = "message " + channels.addressOf(plantId) + " " + message.getJMSMessageID();
        if (message.propertyExists(EdgeProperties.EDGE)) {
            // forwarded by an edge hub's broker: the trace names the edge, and where the edge took it from
            PlantMessageIntake.Edge edge = new PlantMessageIntake.Edge(message.getStringProperty(EdgeProperties.EDGE),
                    message.getStringProperty(EdgeProperties.EDGE_SOURCE),
                    time(message.getStringProperty(EdgeProperties.EDGE_RECEIVED_AT)),
                    time(message.getStringProperty(EdgeProperties.EDGE_FORWARDED_AT)));
            return new PlantMessageIntake.Incoming(nameOf(message), body, "edge " + edge.hub() + ": " + edge.source()
                    + ", " + via, edge);
        }
        return new PlantMessageIntake.Incoming(nameOf(message), body, via);
    }

    /** An edge's time stamp; now if it is missing or unreadable (the steps still show, at the time it arrived). */
    private static java.time.OffsetDateTime time(String text) {
        try {
            return text == null ? java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC) : java.time.OffsetDateTime.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        }
    }

    /**
     * The name the plant gave its content: the JMS/AMQP property {@code hubName}, or the MQTT 5 user property
     * {@code hubName}; null when none.
     */
    private static String nameOf(Message message) throws JMSException {
        if (message.propertyExists(PlantMessageIntake.NAME)) {
            return message.getStringProperty(PlantMessageIntake.NAME);
        }
        for (java.util.Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements(); ) {
            String property = (String) names.nextElement();
            if (property.startsWith(MQTT_USER_PROPERTY) && property.endsWith("." + PlantMessageIntake.NAME)
                    && property.indexOf('.', MQTT_USER_PROPERTY.length()) == property.length() - PlantMessageIntake.NAME.length() - 1) {
                return message.getStringProperty(property);
            }
        }
        return null;
    }
}

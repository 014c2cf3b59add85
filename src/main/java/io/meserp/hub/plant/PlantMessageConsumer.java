package io.meserp.hub.plant;

import java.util.ArrayList;
import java.util.List;

import io.meserp.hub.config.ChannelProperties;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.stereotype.Component;

/**
 * Takes a plant's messages from its inbound queue in transacted batches (route plant-message-inbound-&lt;plant&gt; calls
 * {@link #drain} on a short timer): up to {@code hub.channels.batch-size} messages are read, their events queued
 * together, and only then are the messages acknowledged; a failure rolls the whole batch back and the broker delivers
 * it again (what was already queued is recognised by the ledger). One consumer per plant keeps each order's messages
 * in the order the MES published them.
 *
 * <p>Our own receive loop rather than Camel's JMS consumer: that one commits each message on its own, which costs
 * several database and journal syncs per message (about 14 messages a second on this hub's machine); batches cost them
 * once per batch, as a file does.
 */
@Component("plantMessageConsumer")
public class PlantMessageConsumer {

    /** Artemis keeps an MQTT 5 user property {@code k} as the message property {@code mqtt.ordered.user.property.<n>.k}. */
    private static final String MQTT_USER_PROPERTY = "mqtt.ordered.user.property.";

    private final ConnectionFactory connectionFactory;
    private final PlantMessageIntake intake;
    private final ChannelProperties channels;

    public PlantMessageConsumer(ConnectionFactory connectionFactory, PlantMessageIntake intake, ChannelProperties channels) {
        this.connectionFactory = connectionFactory;
        this.intake = intake;
        this.channels = channels;
    }

    /** Takes every message waiting for the plant, batch by batch; returns how many were taken. */
    public int drain(String plantId) throws JMSException {
        int taken = 0;
        String queue = channels.queueOf(plantId);
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            connection.start();
            while (true) {
                List<PlantMessageIntake.Incoming> batch = new ArrayList<>();
                // an empty queue returns at once (Artemis asks the broker), so an idle tick is not an exchange in flight
                Message message = consumer.receiveNoWait();
                while (message != null) {
                    batch.add(incoming(plantId, message));
                    if (batch.size() >= channels.batchSize()) {
                        break;
                    }
                    message = consumer.receive(20);
                }
                if (batch.isEmpty()) {
                    return taken;
                }
                try {
                    intake.takeMessages(plantId, batch);
                    session.commit();
                } catch (RuntimeException | JMSException e) {
                    session.rollback();
                    throw e;
                }
                taken += batch.size();
            }
        }
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
        return new PlantMessageIntake.Incoming(nameOf(message), body, "message " + channels.addressOf(plantId) + " "
                + message.getJMSMessageID());
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

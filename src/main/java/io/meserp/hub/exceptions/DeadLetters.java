package io.meserp.hub.exceptions;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.meserp.hub.config.HubProperties;
import io.meserp.hub.event.EventPublisher;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.stereotype.Component;

/**
 * The broker's dead-letter queues of the hub's flow queues ({@code DLQ.hub.confirmation} on address {@code DLA}, as
 * broker.xml sets them up). Messages are only browsed to find them; one leaves its dead-letter queue only inside a
 * JMS transaction that also re-sends it (replay) and in which the hub has recorded what it did, so a failure at any
 * point leaves it where it was.
 */
@Component
public class DeadLetters {

    static final String DEAD_LETTER_ADDRESS = "DLA";
    static final String DEAD_LETTER_PREFIX = "DLQ.";
    /** Where Artemis says the message was first sent. */
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

    private final ConnectionFactory connectionFactory;
    private final List<String> flowQueues;
    /** Dead-letter queue of a plant's inbound address -> the plant (its messages carry no hub headers). */
    private final java.util.Map<String, String> plantOfQueue = new java.util.HashMap<>();

    public DeadLetters(ConnectionFactory connectionFactory, HubProperties properties,
            io.meserp.hub.plant.PlantRegistry plants, io.meserp.hub.config.ChannelProperties channels) {
        this.connectionFactory = connectionFactory;
        HubProperties.Queues q = properties.queues();
        Set<String> queues = new LinkedHashSet<>(List.of(q.confirmation(), q.movement(), q.downtime(), q.quality(),
                q.aggregation()));
        // a plant message the hub could not take within the broker's delivery attempts (DLQ.mes.<plant>.inbound)
        if (channels.messaging()) {
            plants.all().forEach(p -> queues.add(channels.addressOf(p.id())));
            plants.all().forEach(p -> plantOfQueue.put(DEAD_LETTER_PREFIX + channels.addressOf(p.id()), p.id()));
        }
        this.flowQueues = List.copyOf(queues);
    }


    /** One dead letter: its queue, message id, the address it was meant for, the hub's headers and the body. */
    public record Letter(String queue, String messageId, String originalAddress, String eventId, String flow, String plant,
            String orderNo, int deliveries, String body) {
    }

    /** The dead-letter queue names, one per flow queue. */
    public List<String> queues() {
        return flowQueues.stream().map(q -> DEAD_LETTER_PREFIX + q).toList();
    }

    /** Every message in the hub's dead-letter queues, without taking any. */
    public List<Letter> browse() {
        List<Letter> letters = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            for (String flowQueue : flowQueues) {
                String dlq = DEAD_LETTER_PREFIX + flowQueue;
                try (QueueBrowser browser = session.createBrowser(session.createQueue(fqqn(dlq)))) {
                    Enumeration<?> messages = browser.getEnumeration();
                    while (messages.hasMoreElements()) {
                        letters.add(letter(dlq, flowQueue, (Message) messages.nextElement(), plantOfQueue.get(dlq)));
                    }
                } catch (InvalidDestinationException noneYet) {
                    // the broker creates a dead-letter queue with its first message
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot browse the dead-letter queues: " + e.getMessage(), e);
        }
        return letters;
    }

    /** What the hub records while the message is taken; when it throws, nothing is taken or sent. */
    public interface Record {
        void run();
    }

    /**
     * Takes the message from its dead-letter queue and sends {@code body} to {@code target} in one transaction, after
     * {@code record} has run.
     */
    public void resend(String queue, String messageId, String target, String body, Record record) {
        take(queue, messageId, target, body, record);
    }

    /** Takes the message from its dead-letter queue for good (discard), after {@code record} has run. */
    public void remove(String queue, String messageId, Record record) {
        take(queue, messageId, null, null, record);
    }

    /** Whether the message is still in its dead-letter queue. */
    public boolean contains(String queue, String messageId) {
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                QueueBrowser browser = session.createBrowser(session.createQueue(fqqn(queue)), selector(messageId))) {
            connection.start();
            return browser.getEnumeration().hasMoreElements();
        } catch (InvalidDestinationException none) {
            return false;
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot browse " + queue + ": " + e.getMessage(), e);
        }
    }

    private void take(String queue, String messageId, String target, String body, Record record) {
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            connection.start();
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(fqqn(queue)), selector(messageId))) {
                Message message = consumer.receive(5000);
                if (message == null) {
                    throw new NotInDeadLetterQueueException(queue, messageId);
                }
                try {
                    if (target != null) {
                        try (MessageProducer producer = session.createProducer(session.createQueue(target))) {
                            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                            producer.send(copy(session, message, body));
                        }
                    }
                    record.run();
                    session.commit();
                } catch (JMSException | RuntimeException e) {
                    session.rollback();
                    throw e;
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot take message " + messageId + " from " + queue + ": " + e.getMessage(), e);
        }
    }

    private static Message copy(Session session, Message original, String body) throws JMSException {
        TextMessage message = session.createTextMessage(body);
        for (String header : List.of(EventPublisher.GROUP_ID, EventPublisher.EVENT_ID, EventPublisher.FLOW,
                EventPublisher.PLANT)) {
            String value = original.getStringProperty(header);
            if (value != null) {
                message.setStringProperty(header, value);
            }
        }
        return message;
    }

    private static Letter letter(String dlq, String flowQueue, Message m, String plantOfQueue) throws JMSException {
        String original = m.getStringProperty(ORIGINAL_ADDRESS);
        String body = m instanceof TextMessage text ? text.getText()
                : m instanceof jakarta.jms.BytesMessage bytes ? text(bytes) : null;
        int deliveries = m.propertyExists("JMSXDeliveryCount") ? m.getIntProperty("JMSXDeliveryCount") : 0;
        return new Letter(dlq, m.getJMSMessageID(), original == null ? flowQueue : original,
                m.getStringProperty(EventPublisher.EVENT_ID), m.getStringProperty(EventPublisher.FLOW),
                m.getStringProperty(EventPublisher.PLANT) != null ? m.getStringProperty(EventPublisher.PLANT) : plantOfQueue,
                m.getStringProperty(EventPublisher.GROUP_ID), deliveries, body);
    }

    /** A plant's bytes message (MQTT, AMQP data) as text. */
    private static String text(jakarta.jms.BytesMessage message) throws JMSException {
        long length = message.getBodyLength();
        if (length > io.meserp.hub.ledger.Ledger.MAX_PAYLOAD * 4L) {
            return null;
        }
        byte[] bytes = new byte[(int) length];
        message.readBytes(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String selector(String messageId) {
        return "JMSMessageID = '" + messageId.replace("'", "''") + "'";
    }

    /** Fully qualified: the dead-letter queue lives on the dead-letter address. */
    private static String fqqn(String dlq) {
        return DEAD_LETTER_ADDRESS + "::" + dlq;
    }

    /** The message is no longer in its dead-letter queue (taken by someone else, or never there). */
    public static class NotInDeadLetterQueueException extends RuntimeException {
        NotInDeadLetterQueueException(String queue, String messageId) {
            super("message " + messageId + " is no longer in " + queue);
        }
    }
}

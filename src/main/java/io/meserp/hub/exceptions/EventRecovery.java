package io.meserp.hub.exceptions;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.meserp.hub.config.HubProperties;
import io.meserp.hub.event.EventPublisher;
import io.meserp.hub.ledger.EventRecord;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.plant.PlantRegistry;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The invariant behind exactly-once: every event the ledger has not finished is in the broker. Whatever broke it (a
 * database that lost a commit on a crash, a broker journal lost with its disk, a bug), this sweep finds unfinished
 * events that have not moved for {@code hub.recovery.stale-after}, looks for them in their queue and sends again the
 * ones that are not there. Sending again is safe: the ERP route skips what the ledger has booked and asks the ERP
 * before it posts an event whose outcome is uncertain. "In the queue" is what a browser sees plus what the broker has
 * delivered to a consumer and not had acknowledged yet (Artemis's {@code listDeliveringMessages} through its management
 * address): the messages a consumer holds ahead while the ERP is slow or down are not missing. When the broker does not
 * answer that question, nothing is sent again in that run. Runs at start and on a schedule
 * (routes/support.camel.yaml); each event sent again gets a {@code recovered} step on its trace and counts in
 * {@code hub_events_total{outcome="recovered"}}.
 */
@Component
public class EventRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecovery.class);
    /** Artemis's management address (the broker's default), and how long an answer from it may take. */
    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long MANAGEMENT_TIMEOUT_MS = 10_000;
    /** Event ids per browser selector. */
    private static final int SELECTOR_CHUNK = 100;

    private final Ledger ledger;
    private final EventPublisher publisher;
    private final PlantRegistry plants;
    private final ConnectionFactory connectionFactory;
    private final HubProperties.Recovery settings;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();

    public EventRecovery(Ledger ledger, EventPublisher publisher, PlantRegistry plants, ConnectionFactory connectionFactory,
            HubProperties properties) {
        this.ledger = ledger;
        this.publisher = publisher;
        this.plants = plants;
        this.connectionFactory = connectionFactory;
        this.settings = properties.recovery();
    }

    /** @return how many events were sent again */
    public int sweep() {
        Duration staleAfter = settings.staleAfter();
        List<EventRecord> stale = ledger.unfinished(OffsetDateTime.now(ZoneOffset.UTC).minus(staleAfter), settings.batch());
        if (stale.isEmpty()) {
            return 0;
        }
        Map<String, List<EventRecord>> byQueue = new LinkedHashMap<>();
        for (EventRecord event : stale) {
            Optional<String> queue = queueOf(event);
            if (queue.isEmpty()) {
                LOG.warn("Unfinished event {} of order {} has no queue for flow {} of plant {}; left for support",
                        event.eventId(), event.orderNo(), event.flow(), event.plant());
                continue;
            }
            byQueue.computeIfAbsent(queue.get(), q -> new ArrayList<>()).add(event);
        }
        int resent = 0;
        for (Map.Entry<String, List<EventRecord>> entry : byQueue.entrySet()) {
            String queue = entry.getKey();
            Set<String> present;
            try {
                present = inQueue(queue, entry.getValue().stream().map(EventRecord::eventId).toList());
            } catch (IllegalStateException e) {
                LOG.warn("Recovery sweep: cannot tell which of {} unfinished events are in {} ({}); none is sent again now",
                        entry.getValue().size(), queue, e.getMessage());
                continue;
            }
            List<NewEvent> missing = entry.getValue().stream().filter(e -> !present.contains(e.eventId()))
                    .map(e -> new NewEvent(e.eventId(), e.flow(), e.plant(), e.orderNo(), e.source(), e.payload(),
                            e.eventTime()))
                    .collect(Collectors.toList());
            if (missing.isEmpty()) {
                continue;
            }
            publisher.send(queue, missing);
            ledger.markRecovered(missing, queue, "unfinished for over " + staleAfter.toSeconds() + " s and not in "
                    + queue + ": sent again by the recovery sweep");
            LOG.warn("Recovery sweep: {} unfinished events were in no queue and were sent to {} again", missing.size(), queue);
            resent += missing.size();
        }
        return resent;
    }

    private Optional<String> queueOf(EventRecord event) {
        return plants.find(event.plant()).flatMap(plant -> plants.flow(event.flow()).map(flow -> flow.queue(plant)));
    }

    /** Of these event ids, the ones with a message in the queue: waiting (browsed, nothing taken) or delivered. */
    private Set<String> inQueue(String queue, List<String> eventIds) {
        Set<String> present = new HashSet<>();
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            present.addAll(delivering(session, queue));
            for (int from = 0; from < eventIds.size(); from += SELECTOR_CHUNK) {
                List<String> chunk = eventIds.subList(from, Math.min(eventIds.size(), from + SELECTOR_CHUNK));
                String selector = EventPublisher.EVENT_ID + " IN (" + chunk.stream().map(id -> "'" + id.replace("'", "''")
                        + "'").collect(Collectors.joining(",")) + ")";
                try (QueueBrowser browser = session.createBrowser(session.createQueue(queue), selector)) {
                    Enumeration<?> messages = browser.getEnumeration();
                    while (messages.hasMoreElements()) {
                        present.add(((Message) messages.nextElement()).getStringProperty(EventPublisher.EVENT_ID));
                    }
                } catch (InvalidDestinationException noQueueYet) {
                    // nothing was ever sent there
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot browse " + queue + " for unfinished events: " + e.getMessage(), e);
        }
        return present;
    }

    /** Event ids of the messages the broker has handed to consumers of the queue and not had acknowledged. */
    private Set<String> delivering(Session session, String queue) throws JMSException {
        jakarta.jms.TemporaryQueue replies = session.createTemporaryQueue();
        try (jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
                jakarta.jms.MessageConsumer answers = session.createConsumer(replies)) {
            Message request = session.createMessage();
            request.setJMSReplyTo(replies);
            JMSManagementHelper.putOperationInvocation(request, ResourceNames.QUEUE + queue, "listDeliveringMessagesAsJSON");
            producer.send(request);
            Message reply = answers.receive(MANAGEMENT_TIMEOUT_MS);
            if (reply == null) {
                throw new IllegalStateException("the broker's management address did not answer within "
                        + MANAGEMENT_TIMEOUT_MS + " ms");
            }
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("the broker refused listDeliveringMessages on " + queue + ": "
                        + JMSManagementHelper.getResult(reply));
            }
            Set<String> ids = new HashSet<>();
            String json = (String) JMSManagementHelper.getResult(reply, String.class);
            try {
                mapper.readTree(json == null ? "[]" : json).findValues(EventPublisher.EVENT_ID)
                        .forEach(id -> ids.add(id.asText()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("unreadable answer of listDeliveringMessages: " + e.getMessage(), e);
            }
            return ids;
        } catch (JMSException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            replies.delete();
        }
    }
}

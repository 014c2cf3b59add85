package io.meserp.hub.exceptions;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import io.meserp.hub.ledger.LedgerSearch;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.plant.PlantRegistry;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The invariant behind exactly-once: every event the ledger has not finished is in the broker. Whatever broke it (a
 * database that lost a commit on a crash, a broker journal lost with its disk, a bug), this sweep finds unfinished
 * events that have not moved for {@code hub.recovery.stale-after} and sends again those their queue does not hold.
 * Sending again is safe: the ERP route skips what the ledger has booked, one delivery at a time claims an event, and an
 * uncertain one is looked up in the ERP before it is posted.
 * <p>
 * What the queue holds is asked of the broker's management (Artemis answers from the queue itself; a JMS browser can
 * end early on a busy broker, and the management listing stops at its management-browse-page-size). Its message count
 * (waiting, delivering, scheduled, paged) against the ledger's unfinished events of that queue decides first: at least
 * as many messages as unfinished events, and nothing is missing. Fewer, and the waiting messages
 * ({@code listMessages}) and those delivered to consumers and not acknowledged ({@code listDeliveringMessages}) are
 * listed, once no more than {@code hub.recovery.list-limit} wait; with a longer backlog the sweep waits for it to go
 * down, since a lost event does not move. When the broker does not answer, nothing is sent again in that run. Runs at
 * start and on a schedule (routes/support.camel.yaml); each event sent again gets a {@code recovered} step on its trace
 * and counts in {@code hub_events_total{outcome="recovered"}}.
 */
@Component
public class EventRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecovery.class);
    /** Artemis's management address (the broker's default), and how long an answer from it may take. */
    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long MANAGEMENT_TIMEOUT_MS = 10_000;

    private final Ledger ledger;
    private final LedgerSearch search;
    private final EventPublisher publisher;
    private final PlantRegistry plants;
    private final ConnectionFactory connectionFactory;
    private final HubProperties.Recovery settings;
    private final boolean edge;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();

    public EventRecovery(Ledger ledger, LedgerSearch search, EventPublisher publisher, PlantRegistry plants, ConnectionFactory connectionFactory,
            HubProperties properties, io.meserp.hub.config.EdgeProperties edge) {
        this.edge = edge.enabled();
        this.ledger = ledger;
        this.search = search;
        this.publisher = publisher;
        this.plants = plants;
        this.connectionFactory = connectionFactory;
        this.settings = properties.recovery();
    }

    /** @return how many events were sent again */
    public int sweep() {
        if (edge) {
            // An edge hub's events end on the queue its broker forwards (FORWARDED); what it had not queued when it
            // stopped is queued again when the file is read again or the message delivered again. Nothing to sweep.
            return 0;
        }
        Duration staleAfter = settings.staleAfter();
        List<EventRecord> stale = search.unfinished(OffsetDateTime.now(ZoneOffset.UTC).minus(staleAfter), settings.batch());
        if (stale.isEmpty()) {
            return 0;
        }
        Map<String, List<EventRecord>> byQueue = new LinkedHashMap<>();
        for (EventRecord event : stale) {
            Optional<String> queue = queueOf(event.flow(), event.plant());
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
                present = inQueue(queue);
            } catch (IllegalStateException e) {
                LOG.warn("Recovery sweep: cannot tell which of {} unfinished events are in {} ({}); none is sent again now",
                        entry.getValue().size(), queue, e.getMessage());
                continue;
            }
            if (present == null) {
                continue;
            }
            // what was booked while the broker was asked is not missing
            Set<String> stillUnfinished = search.stillUnfinished(entry.getValue().stream().map(EventRecord::eventId)
                    .filter(id -> !present.contains(id)).toList());
            List<NewEvent> missing = entry.getValue().stream().filter(e -> stillUnfinished.contains(e.eventId()))
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

    /** Unfinished events per queue (all of them, stale or not), from the ledger's counts per flow and plant. */
    private Map<String, Long> unfinishedByQueue() {
        Map<String, Long> counts = new LinkedHashMap<>();
        search.unfinishedCounts().forEach((flowAndPlant, count) -> queueOf(flowAndPlant.get(0), flowAndPlant.get(1))
                .ifPresent(queue -> counts.merge(queue, count, Long::sum)));
        return counts;
    }

    private Optional<String> queueOf(String flow, String plant) {
        return plants.find(plant).flatMap(p -> plants.flow(flow).map(f -> f.queue(p)));
    }

    /**
     * The event ids of every message in the queue (waiting there, or delivered to a consumer and not acknowledged), or
     * null when nothing can be missing or it cannot be told yet. Asked of the broker's management, which answers from the
     * queue itself. Its message count (waiting, delivering, scheduled, paged) against the ledger's unfinished events of
     * the queue decides first: as many messages as unfinished events means none is missing. Fewer: the waiting messages
     * are listed when there are at most as many as the broker lists at once (management-browse-page-size), else the
     * sweep waits for the backlog to go down (a lost event does not move, so it is found then).
     */
    private Set<String> inQueue(String queue) {
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            // the broker first, then the ledger: an event booked in between lowers the second count, never the first
            long messages = ((Number) manageAttribute(session, queue, "messageCount")).longValue();
            long unfinished = unfinishedByQueue().getOrDefault(queue, 0L);
            if (messages >= unfinished) {
                return null;
            }
            long delivering = ((Number) manageAttribute(session, queue, "deliveringCount")).longValue();
            if (messages - delivering > settings.listLimit()) {
                LOG.info("Recovery sweep: {} holds {} messages for {} unfinished events; which are missing is told once"
                        + " fewer than {} wait there", queue, messages, unfinished, settings.listLimit());
                return null;
            }
            Set<String> present = new HashSet<>();
            // waiting first: a message dispatched between the two answers is then in one of them
            present.addAll(eventIdsIn(manage(session, queue, "listMessagesAsJSON", (Object) null)));
            present.addAll(eventIdsIn(manage(session, queue, "listDeliveringMessagesAsJSON")));
            return present;
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot ask the broker about " + queue + ": " + e.getMessage(), e);
        }
    }

    private Set<String> eventIdsIn(String json) {
        Set<String> ids = new HashSet<>();
        try {
            mapper.readTree(json == null ? "[]" : json).findValues(EventPublisher.EVENT_ID).forEach(id -> ids.add(id.asText()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable answer of the broker's management: " + e.getMessage(), e);
        }
        return ids;
    }

    /** One operation on the queue's control through Artemis's management address; its JSON answer. */
    private String manage(Session session, String queue, String operation, Object... parameters) throws JMSException {
        return (String) ask(session, queue, operation, request -> JMSManagementHelper.putOperationInvocation(request,
                ResourceNames.QUEUE + queue, operation, parameters), String.class);
    }

    private Object manageAttribute(Session session, String queue, String attribute) throws JMSException {
        return ask(session, queue, attribute, request -> JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE
                + queue, attribute), Object.class);
    }

    private interface Request {
        void fill(Message request) throws Exception;
    }

    private Object ask(Session session, String queue, String operation, Request fill, Class<?> type) throws JMSException {
        jakarta.jms.TemporaryQueue replies = session.createTemporaryQueue();
        try (jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
                jakarta.jms.MessageConsumer answers = session.createConsumer(replies)) {
            Message request = session.createMessage();
            request.setJMSReplyTo(replies);
            fill.fill(request);
            producer.send(request);
            Message reply = answers.receive(MANAGEMENT_TIMEOUT_MS);
            if (reply == null) {
                throw new IllegalStateException("the broker's management address did not answer " + operation + " within "
                        + MANAGEMENT_TIMEOUT_MS + " ms");
            }
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("the broker refused " + operation + " on " + queue + ": "
                        + JMSManagementHelper.getResult(reply));
            }
            return JMSManagementHelper.getResult(reply, type);
        } catch (JMSException | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(operation + " on " + queue + ": " + e.getMessage(), e);
        } finally {
            replies.delete();
        }
    }
}

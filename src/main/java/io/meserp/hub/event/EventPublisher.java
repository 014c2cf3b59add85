package io.meserp.hub.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meserp.hub.config.EdgeProperties;
import io.meserp.hub.config.HubProperties;
import io.meserp.hub.ledger.EventStatus;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.LedgerSearch;
import io.meserp.hub.ledger.NewEvent;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.stereotype.Component;

/**
 * Puts validated events on a flow queue: persistent, grouped by production order (JMSXGroupID) so one
 * order's events are posted in order, and sent in transacted batches so a file of a thousand rows costs a
 * few journal syncs, not a thousand. Events the ledger shows as already queued are skipped, so a re-dropped
 * file sends nothing twice; the ledger is written before the send and marked queued after the commit, so a
 * crash in between re-sends (and the ERP side's own check keeps that from booking twice).
 * <p>
 * On an edge hub ({@link EdgeProperties}) every event goes to its plant's edge queue instead, which the broker forwards
 * to the central hub, with where the edge took it from and when; the ledger marks it FORWARDED.
 */
@Component
public class EventPublisher {

    public static final String GROUP_ID = "JMSXGroupID";
    public static final String EVENT_ID = "hubEventId";
    public static final String FLOW = "hubFlow";
    public static final String PLANT = "hubPlant";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventPublisher.class);

    private final ConnectionFactory connectionFactory;
    private final Ledger ledger;
    private final LedgerSearch search;
    private final int batchSize;
    private final java.time.Duration brokerWait;
    private final EdgeProperties edge;
    private final String instance;

    public EventPublisher(ConnectionFactory connectionFactory, Ledger ledger, LedgerSearch search,
            HubProperties properties, EdgeProperties edge,
            @org.springframework.beans.factory.annotation.Value("${hub.cluster.instance-id}") String instance) {
        this.edge = edge;
        this.instance = instance;
        this.connectionFactory = connectionFactory;
        this.ledger = ledger;
        this.search = search;
        this.batchSize = Math.max(1, properties.ingest().batchSize());
        this.brokerWait = properties.ingest().brokerWait() == null ? java.time.Duration.ofMinutes(10)
                : properties.ingest().brokerWait();
    }

    /**
     * How many events were queued now, how many were already known (the same fact sent before), and which came under
     * an id already taken by another fact (not queued).
     */
    public record Outcome(int queued, int duplicates, List<Conflict> conflicts, java.util.Set<String> queuedIds) {
    }

    /** An event whose id was first taken (at {@code firstSource}) with a different fact. */
    public record Conflict(NewEvent event, String firstSource) {
    }

    public Outcome publish(String queue, List<NewEvent> events) {
        Map<String, NewEvent> unique = new LinkedHashMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        int duplicates = 0;
        for (NewEvent e : events) {
            NewEvent first = unique.putIfAbsent(e.eventId(), e);
            if (first == null) {
                continue;
            }
            if (differ(first.factHash(), e.factHash())) {
                conflicts.add(new Conflict(e, first.source()));
            } else {
                duplicates++;
            }
        }
        int queued = 0;
        java.util.Set<String> queuedIds = new java.util.HashSet<>();
        List<NewEvent> all = new ArrayList<>(unique.values());
        for (int from = 0; from < all.size(); from += batchSize) {
            List<NewEvent> chunk = all.subList(from, Math.min(all.size(), from + batchSize));
            Map<String, LedgerSearch.Known> known = search.known(chunk.stream().map(NewEvent::eventId).toList());
            List<NewEvent> fresh = new ArrayList<>();
            for (NewEvent e : chunk) {
                LedgerSearch.Known k = known.get(e.eventId());
                if (k != null && differ(k.factHash(), e.factHash())) {
                    conflicts.add(new Conflict(e, k.source()));
                } else if (k != null && !"VALIDATED".equals(k.status())) {
                    duplicates++;
                } else {
                    fresh.add(e);
                }
            }
            if (fresh.isEmpty()) {
                continue;
            }
            java.time.OffsetDateTime received = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
            ledger.recordValidated(fresh, known.keySet());
            java.time.OffsetDateTime sending = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
            sendWaitingForBroker(queue, fresh, received);
            if (edge.enabled()) {
                ledger.markQueued(fresh, target(queue, fresh.get(0)), sending, EventStatus.FORWARDED);
            } else {
                ledger.markQueued(fresh, queue, sending);
            }
            queued += fresh.size();
            fresh.forEach(e -> queuedIds.add(e.eventId()));
        }
        if (!conflicts.isEmpty()) {
            LOG.warn("{} events on {} refused: their ids were taken by other facts first", conflicts.size(), queue);
        }
        return new Outcome(queued, duplicates, List.copyOf(conflicts), queuedIds);
    }

    private static boolean differ(String firstHash, String hash) {
        return firstHash != null && hash != null && !firstHash.equals(hash);
    }

    /**
     * Sends, and while the broker cannot be reached (restarting, failing over) tries again with backoff for up to
     * {@code hub.ingest.broker-wait}: the file being read stays in the inbox meanwhile, and what a failed transaction
     * may have sent anyway is recognised downstream. After that the failure stands (the file goes to error/).
     */
    private void sendWaitingForBroker(String queue, List<NewEvent> events, java.time.OffsetDateTime received) {
        long deadline = System.nanoTime() + brokerWait.toNanos();
        long delay = 250;
        while (true) {
            try {
                send(queue, events, received);
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(delay) > deadline) {
                    throw e;
                }
                LOG.warn("Broker not reachable ({}); queueing {} events on {} again in {} ms", e.getMessage(),
                        events.size(), queue, delay);
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = Math.min(delay * 2, 10_000);
            }
        }
    }

    /**
     * Sends events in one JMS transaction without asking the ledger (a replay: the ledger already has them queued
     * again). Receivers skip what is already booked, so a second copy books nothing twice.
     */
    public void send(String queue, List<NewEvent> events) {
        send(queue, events, null);
    }

    /** Where an event of {@code queue} goes: the queue, or on an edge hub its plant's edge queue. */
    private String target(String queue, NewEvent event) {
        return edge.enabled() ? edge.queueOf(event.plant()) : queue;
    }

    private void send(String queue, List<NewEvent> events, java.time.OffsetDateTime received) {
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = session.createProducer(edge.enabled() ? null : session.createQueue(queue))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            try {
                String forwardedAt = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).toString();
                for (NewEvent event : events) {
                    TextMessage message = session.createTextMessage(event.payload());
                    if (event.orderNo() != null) {
                        message.setStringProperty(GROUP_ID, event.orderNo());
                    }
                    message.setStringProperty(EVENT_ID, event.eventId());
                    message.setStringProperty(FLOW, event.flow());
                    message.setStringProperty(PLANT, event.plant());
                    if (edge.enabled()) {
                        // for the central hub's trace: which edge took it in, from where, when
                        message.setStringProperty(EdgeProperties.EDGE, instance);
                        message.setStringProperty(EdgeProperties.EDGE_SOURCE, event.source());
                        message.setStringProperty(EdgeProperties.EDGE_RECEIVED_AT,
                                (received != null ? received.toString() : forwardedAt));
                        message.setStringProperty(EdgeProperties.EDGE_FORWARDED_AT, forwardedAt);
                        producer.send(session.createQueue(target(queue, event)), message);
                    } else {
                        producer.send(message);
                    }
                }
                session.commit();
            } catch (JMSException | RuntimeException e) {
                session.rollback();
                throw e;
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot queue " + events.size() + " events on " + queue + ": " + e.getMessage(), e);
        }
    }
}

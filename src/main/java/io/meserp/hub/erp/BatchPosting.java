package io.meserp.hub.erp;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.config.HubProperties;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.EventValidator;
import io.meserp.hub.event.InvalidEventException;
import io.meserp.hub.ledger.EventRecord;
import io.meserp.hub.ledger.EventStatus;
import io.meserp.hub.ledger.LedgerBatches;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.springframework.dao.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Books a batch of events taken from a flow's queue in one delivery ({@code jms-batch}), with what
 * {@link ExactlyOncePosting} guarantees for one: each event once, one order's events in the order they came.
 * <p>
 * The events are read and validated once and the ledger is asked about all of them in one query. The ordinary ones
 * (queued, no doubt, nothing holds their order) are booked in rounds: the first event of every order, then the second,
 * each round claimed in one statement and booked side by side, up to {@code hub.erp.delivery.orders-in-parallel} at a
 * time; their creates meet in the connector (an OData {@code $batch} where the ERP takes it). The bookings are recorded
 * in one transaction. An order
 * with anything unusual (an event in doubt, held or unknown to the ledger, an earlier event in the exception queue) is
 * booked event by event by {@link ExactlyOncePosting}, in the same delivery.
 * <p>
 * Whatever fails is not handled here: once every other order is booked and recorded, the batch is marked rollback-only.
 * The broker then delivers its messages again, one at a time under the route's error policy: what was booked is skipped,
 * and the failed event gets the retries, exception records and poison count of any single event. An order whose event
 * failed is not booked further in this delivery.
 */
@Component
public class BatchPosting implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(BatchPosting.class);

    private final ExactlyOncePosting single;
    private final LedgerBatches ledger;
    private final io.meserp.hub.ledger.Ledger events;
    private final EventValidator validator;
    private final ErpGuard guard;
    private final PlantRegistry plants;
    private final ObjectMapper mapper;
    private final int ordersInParallel;
    private final ExecutorService workers;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    public BatchPosting(ExactlyOncePosting single, LedgerBatches ledger, io.meserp.hub.ledger.Ledger events,
            EventValidator validator, ErpGuard guard, PlantRegistry plants, ObjectMapper mapper, HubProperties properties,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.single = single;
        this.ledger = ledger;
        this.events = events;
        this.validator = validator;
        this.guard = guard;
        this.plants = plants;
        this.mapper = mapper;
        this.ordersInParallel = Math.max(1, properties.erp().delivery().ordersInParallel());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "erp-batch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One event of the batch, read. */
    private record Item(String body, CloudEvent event) {
    }

    /**
     * Books the events ({@code bodies}, as they left the queue) of one flow; returns the bodies of those that need nothing
     * more from this delivery (booked now or before, or held), for what follows a booking. Marks the exchange
     * rollback-only when any event did not complete.
     */
    public <T> List<String> post(String flow, Class<T> payloadType, List<String> bodies, Exchange exchange,
            BiFunction<CloudEvent, T, ExactlyOncePosting.Outcome> decide) {
        // how many events a delivery carries (its count: deliveries; its total: events booked that way)
        meters.summary("hub_erp_delivery_batch_events", "flow", flow).record(bodies.size());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Item>> orders = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        List<String> copies = new ArrayList<>();
        for (String body : bodies) {
            Item item = read(body, failures);
            if (item == null) {
                // its order is not known for sure: nothing of this batch is booked, each event goes on its own
                exchange.setRollbackOnly(true);
                LOG.warn("A batch of {} {} events holds one the hub cannot read; its messages are delivered again one at a"
                        + " time. {}", bodies.size(), flow, failures.get(0));
                return List.of();
            }
            if (!seen.add(item.event().id())) {
                // the same event twice (a copy sent again by the recovery sweep or a plant): booked once, by the first
                copies.add(body);
                continue;
            }
            orders.computeIfAbsent(item.event().subject() == null ? "" : item.event().subject(), o -> new ArrayList<>())
                    .add(item);
        }
        Map<String, EventRecord> records = ledger.find(orders.values().stream().flatMap(List::stream)
                .map(i -> i.event().id()).toList());
        Set<String> held = ledger.heldOrders(flow, orders.keySet());
        List<List<Item>> ordinary = new ArrayList<>();
        List<List<Item>> unusual = new ArrayList<>();
        for (Map.Entry<String, List<Item>> order : orders.entrySet()) {
            boolean plain = !held.contains(order.getKey()) && !order.getKey().isEmpty()
                    && order.getValue().stream().allMatch(i -> ordinary(records.get(i.event().id())));
            (plain ? ordinary : unusual).add(order.getValue());
        }
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        for (List<Item> order : unusual) {
            one(flow, payloadType, order, exchange, decide, done, failures);
        }
        book(ordinary, records, decide, payloadType, done, failures);
        if (failures.isEmpty()) {
            done.addAll(copies);
        } else {
            exchange.setRollbackOnly(true);
            LOG.warn("A batch of {} {} events did not complete ({} complete); its messages are delivered again one at a"
                    + " time. {}", bodies.size(), flow, done.size(), failures.get(0));
        }
        return done;
    }

    /** The event's row says nothing about it but "queued for posting". */
    private static boolean ordinary(EventRecord record) {
        return record != null && (record.status() == EventStatus.QUEUED || record.status() == EventStatus.VALIDATED)
                && !record.erpUncertain() && !record.blocking() && record.poisonAttempts() == 0;
    }

    private Item read(String body, List<String> failures) {
        try {
            if (body == null) {
                throw new InvalidEventException("message has no text");
            }
            JsonNode node = mapper.readTree(body);
            List<String> problems = validator.violations(node);
            if (!problems.isEmpty()) {
                throw new InvalidEventException(String.join("; ", problems));
            }
            CloudEvent event = mapper.treeToValue(node, CloudEvent.class);
            if (event.id() == null) {
                throw new InvalidEventException("id: missing");
            }
            return new Item(body, event);
        } catch (Exception e) {
            failures.add("An event is invalid: " + e.getMessage());
            return null;
        }
    }

    /** An order with something unusual: event by event, as a delivery of one message would book them. */
    private <T> void one(String flow, Class<T> payloadType, List<Item> order, Exchange exchange,
            BiFunction<CloudEvent, T, ExactlyOncePosting.Outcome> decide, List<String> done, List<String> failures) {
        for (Item item : order) {
            try {
                single.post(flow, payloadType, item.body(), exchange, decide);
                done.add(item.body());
            } catch (RuntimeException e) {
                failures.add("Event " + item.event().id() + " of order " + item.event().subject() + ": " + e.getMessage());
                return;
            }
        }
    }

    /**
     * Books the ordinary orders in rounds: round r claims the r-th event of every order still going (one statement) and
     * books them side by side; an order whose event fails, or is claimed by another delivery, goes no further. An event
     * is claimed only just before its create, for as long as one create may take, so a hub killed mid-batch leaves no
     * longer claims than a hub killed while booking one event. The bookings are recorded together at the end; until then
     * the claim leaves each in doubt, so a hub killed in between asks the ERP before booking any of them again.
     */
    private <T> void book(List<List<Item>> orders, Map<String, EventRecord> records,
            BiFunction<CloudEvent, T, ExactlyOncePosting.Outcome> decide, Class<T> payloadType, List<String> done,
            List<String> failures) {
        List<LedgerBatches.Posted> posted = Collections.synchronizedList(new ArrayList<>());
        Set<List<Item>> stopped = Collections.synchronizedSet(Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        try {
            for (int round = 0; ; round++) {
                int r = round;
                List<List<Item>> going = orders.stream().filter(o -> o.size() > r && !stopped.contains(o)).toList();
                if (going.isEmpty()) {
                    return;
                }
                Set<String> claimed = ledger.claim(going.stream().map(o -> o.get(r).event().id()).toList(),
                        OffsetDateTime.now(java.time.ZoneOffset.UTC).plus(single.claimFor()));
                Semaphore slots = new Semaphore(ordersInParallel);
                List<Future<?>> running = new ArrayList<>();
                for (List<Item> order : going) {
                    Item item = order.get(r);
                    if (!claimed.contains(item.event().id())) {
                        // another delivery holds it (a replay or a recovered copy): the order goes no further now
                        stopped.add(order);
                        failures.add("Event " + item.event().id() + " of order " + item.event().subject()
                                + " is being posted by another delivery");
                        continue;
                    }
                    slots.acquireUninterruptibly();
                    running.add(workers.submit(() -> {
                        // the order goes on only once its event is known to be booked: whatever else happens to the
                        // event (a failure, even one the ledger could not record) stops the order in this delivery
                        boolean booked = false;
                        try {
                            booked = bookOne(item, records.get(item.event().id()), decide, payloadType, posted,
                                    failures);
                        } finally {
                            if (booked) {
                                done.add(item.body());
                            } else {
                                stopped.add(order);
                            }
                            slots.release();
                        }
                    }));
                }
                for (Future<?> f : running) {
                    try {
                        f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failures.add("interrupted");
                        return;
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add("an event of the batch failed and its failure could not be recorded: " + e.getCause());
                    }
                }
            }
        } finally {
            ledger.markPosted(new ArrayList<>(posted));
        }
    }

    /** One claimed event; whether it was booked (or recorded), else what failed is recorded. */
    private <T> boolean bookOne(Item item, EventRecord record, BiFunction<CloudEvent, T, ExactlyOncePosting.Outcome> decide,
            Class<T> payloadType, List<LedgerBatches.Posted> posted, List<String> failures) {
        CloudEvent event = item.event();
        boolean[] sent = {false};
        try {
            T payload = mapper.convertValue(event.data(), payloadType);
            ZoneId erpZone = plants.find(event.plant()).map(PlantDefinition::erpTimeZone)
                    .orElseThrow(() -> new InvalidEventException("source plant '" + event.plant() + "' is not configured"));
            ExactlyOncePosting.Outcome outcome = decide.apply(event, payload);
            if (outcome.note() != null) {
                posted.add(new LedgerBatches.Posted(event.id(), event.subject(), "-", outcome.note(), record));
            } else {
                ErpDocument document = guard.call(null, () -> {
                    sent[0] = true;
                    return outcome.create().create(event.id(), erpZone);
                });
                posted.add(new LedgerBatches.Posted(event.id(), event.subject(), document.number(), "posted", record));
            }
            return true;
        } catch (RuntimeException e) {
            failures.add("Event " + event.id() + " of order " + event.subject() + ": " + e.getMessage());
            // recorded as the delivery of the event alone would; if even that fails (the database is away), the claim
            // keeps the event in doubt until it runs out, and its delivery alone asks the ERP first
            failed(event, e, sent[0]);
            return false;
        }
    }

    /** What {@link ExactlyOncePosting} records for a failed create; the delivery of the event alone takes it from there. */
    private void failed(CloudEvent event, RuntimeException e, boolean sent) {
        String why = e instanceof ErpException || e instanceof InvalidEventException ? e.getMessage()
                : "the hub failed on this event: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof ErpRetryableException retryable) {
            OffsetDateTime settled = sent && retryable.mayStillBeProcessing()
                    ? OffsetDateTime.now(java.time.ZoneOffset.UTC).plus(single.settleTime()) : null;
            events.markFailed(event.id(), event.subject(), why, sent && retryable.mayHaveBooked(), settled, !sent);
            if (e instanceof ErpServerErrorException && guard.breaker().getState() == CircuitBreaker.State.CLOSED) {
                poisonCheck(event, e.getMessage());
            }
        } else {
            // refused, or the hub's own failure: a refusal booked nothing, anything else may have
            events.markFailed(event.id(), event.subject(), why, sent && !(e instanceof ErpRejectedException), null, !sent);
            if (!(e instanceof ErpException || e instanceof InvalidEventException || e instanceof DataAccessException)) {
                poisonCheck(event, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    /** A failure the ERP's health does not explain counts towards the event's poison limit, as for one event alone. */
    private void poisonCheck(CloudEvent event, String lastError) {
        try {
            single.poisonCheck(event, lastError);
        } catch (PoisonMessageException limit) {
            // recorded; its delivery alone hands the message to the dead-letter queue
        }
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}

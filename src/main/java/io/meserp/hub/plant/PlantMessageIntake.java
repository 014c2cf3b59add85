package io.meserp.hub.plant;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.config.ChannelProperties;
import io.meserp.hub.ledger.EdgeSteps;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.NewEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a plant sends without a file: a message on {@code mes.<plant>.inbound} (JMS, AMQP, MQTT) or a request to
 * {@code /api/plants/<plant>/events}. The content is canonical CloudEvents JSON (one event or an array), a B2MML
 * document, or CSV in one of the plant's mappings (chosen by the name the sender gives, as a file name would be), and
 * goes through the same mapping, validation, ledger, de-duplication and exceptions as a file
 * ({@link PlantFileIntake#read}, {@link PlantFileIntake#publish}). Whatever cannot be taken becomes an exception record
 * with what was sent; nothing is dropped. Returns each record's outcome so the sender can be told.
 */
@Component("plantMessageIntake")
public class PlantMessageIntake {

    private static final Logger LOG = LoggerFactory.getLogger(PlantMessageIntake.class);

    /** One record of what was sent: where it was, its event id (when it got one) and what became of it. */
    public record RecordOutcome(String location, String eventId, String flow, String order, String outcome,
            List<String> reasons) {
    }

    /** What became of a message or request: counts and each record. */
    public record Outcome(String plant, String source, int records, int queued, int duplicates, int refused,
            List<RecordOutcome> results) {

        public boolean allTaken() {
            return refused == 0;
        }

        public boolean noneTaken() {
            return queued + duplicates == 0;
        }
    }

    /** The content and what the hub would make of it, without queueing anything (the mapping preview). */
    public record Preview(String plant, String mapping, int records, List<Map<String, Object>> events,
            List<Rejection> refused) {
    }

    private final PlantRegistry plants;
    private final PlantFileIntake intake;
    private final PlantContentReader reader;
    private final Ledger ledger;
    private final ObjectMapper mapper;
    private final ChannelProperties channels;
    private final EdgeSteps edgeSteps;

    public PlantMessageIntake(PlantRegistry plants, PlantFileIntake intake, PlantContentReader reader, Ledger ledger,
            ObjectMapper mapper, ChannelProperties channels, EdgeSteps edgeSteps) {
        this.edgeSteps = edgeSteps;
        this.plants = plants;
        this.intake = intake;
        this.reader = reader;
        this.ledger = ledger;
        this.mapper = mapper;
        this.channels = channels;
    }

    /**
     * Takes a message or request body of a plant. A body that cannot be read at all is refused as a whole (one
     * exception record with the body); refused records are exception records; the rest is queued.
     *
     * @param name   the name the sender gives the content (matched against the plant's inbound file patterns), or null
     * @param source where it came from, for the trace and the exception records ("mqtt mes.plant-1000.inbound", ...)
     */
    public Outcome take(String plantId, String name, byte[] body, String source) {
        PlantDefinition plant = plants.find(plantId)
                .orElseThrow(() -> new FileRejectedException("plant '" + plantId + "' is not configured"));
        IntakeBatch batch;
        try {
            batch = read(plant, name, body, source);
        } catch (FileRejectedException refused) {
            String reason = refused.getMessage();
            ledger.recordInputException("message", plantId, null, source, reason, null, text(body));
            LOG.warn("Plant {} {} refused: {}", plantId, source, reason);
            return new Outcome(plantId, source, 0, 0, 0, 1,
                    List.of(new RecordOutcome(null, null, null, null, "refused", List.of(reason))));
        }
        intake.publish(batch);
        for (Rejection r : batch.rejections()) {
            ledger.recordInputException(r.flow() != null ? r.flow() : batch.flow(), plantId, r.order(),
                    source + " " + r.location(), r.describe(), json(r), text(body));
        }
        Outcome outcome = outcome(batch, source);
        if (outcome.refused() > 0) {
            LOG.warn("Plant {} {}: {} records, {} queued, {} duplicates, {} refused", plantId, source, outcome.records(),
                    outcome.queued(), outcome.duplicates(), outcome.refused());
        } else {
            LOG.info("Plant {} {}: {} records, {} queued, {} duplicates", plantId, source, outcome.records(),
                    outcome.queued(), outcome.duplicates());
        }
        return outcome;
    }

    /** The message property (JMS, AMQP application property) a sender may name its content with, as a file. */
    public static final String NAME = "hubName";

    /**
     * One message of a plant taken from the broker: the name it gives its content (or null), the body, where from, and
     * when an edge hub forwarded it, what the edge says of it (else null).
     */
    public record Incoming(String name, byte[] body, String source, Edge edge) {

        public Incoming(String name, byte[] body, String source) {
            this(name, body, source, null);
        }
    }

    /** The edge hub that forwarded a message (hub.cluster.instance-id there), where it took it from, and when. */
    public record Edge(String hub, String source, java.time.OffsetDateTime receivedAt,
            java.time.OffsetDateTime forwardedAt) {
    }

    /**
     * Messages of one plant taken from the broker in one transaction ({@link PlantMessageConsumer}): each is read on its
     * own (what it gets wrong is an exception record with that message), and the events of all are queued together,
     * so a burst of small messages costs a few database and journal syncs, not a few per message.
     *
     * @return how many events were queued
     */
    public int takeMessages(String plantId, List<Incoming> messages) {
        PlantDefinition plant = plants.find(plantId).orElseThrow();
        List<NewEvent> events = new ArrayList<>();
        List<String> flows = new ArrayList<>();
        List<EdgeSteps.Hop> hops = new ArrayList<>();
        int records = 0;
        for (Incoming message : messages) {
            IntakeBatch one;
            try {
                one = read(plant, message.name(), message.body(), message.source());
            } catch (FileRejectedException refused) {
                ledger.recordInputException("message", plantId, null, message.source(), refused.getMessage(), null,
                        text(message.body()));
                LOG.warn("Plant {} {} refused: {}", plantId, message.source(), refused.getMessage());
                continue;
            }
            records += one.records();
            events.addAll(one.events());
            if (message.edge() != null) {
                Edge edge = message.edge();
                one.events().forEach(e -> hops.add(new EdgeSteps.Hop(e.eventId(), e.orderNo(), edge.hub(), edge.source(),
                        edge.receivedAt(), edge.forwardedAt())));
            }
            java.util.Arrays.stream(one.flow().split("\\+")).filter(f -> !flows.contains(f)).forEach(flows::add);
            for (Rejection r : one.rejections()) {
                ledger.recordInputException(r.flow() != null ? r.flow() : one.flow(), plantId, r.order(),
                        message.source() + " " + r.location(), r.describe(), json(r), text(message.body()));
            }
            if (!one.rejections().isEmpty()) {
                LOG.warn("Plant {} {}: {} of {} records refused", plantId, message.source(), one.rejectedRecords(),
                        one.records());
            }
        }
        if (events.isEmpty()) {
            return 0;
        }
        IntakeBatch all = new IntakeBatch(plantId, "messages", String.join("+", flows), records, events,
                new ArrayList<>());
        intake.publish(all);
        // the edge's steps of what was queued now (a second copy of a forwarded event records nothing again)
        edgeSteps.record(hops.stream().filter(h -> all.queuedIds().contains(h.eventId())).toList());
        for (Rejection r : all.rejections()) {
            // an event whose id another fact had taken first
            ledger.recordInputException(r.flow(), plantId, r.order(), r.location(), r.describe(), json(r));
        }
        LOG.debug("Plant {}: {} messages, {} events queued, {} duplicates", plantId, messages.size(), all.queued(),
                all.duplicates());
        return all.queued();
    }

    /** What the plant's mapping makes of the content, queueing and recording nothing. */
    public Preview preview(String plantId, String name, byte[] body) {
        PlantDefinition plant = plants.find(plantId)
                .orElseThrow(() -> new FileRejectedException("plant '" + plantId + "' is not configured"));
        IntakeBatch batch = read(plant, name, body, "preview");
        List<Map<String, Object>> events = new ArrayList<>();
        for (NewEvent e : batch.events()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("location", e.source().substring("preview ".length()));
            row.put("flow", e.flow());
            row.put("eventId", e.eventId());
            try {
                row.put("event", mapper.readTree(e.payload()));
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException(impossible);
            }
            events.add(row);
        }
        return new Preview(plantId, reader.mappingOf(plant, name, body), batch.records(), events, batch.rejections());
    }

    private IntakeBatch read(PlantDefinition plant, String name, byte[] body, String source) {
        if (body == null || body.length == 0) {
            throw new FileRejectedException("the message is empty");
        }
        if (body.length > channels.maxMessageSize()) {
            throw new FileRejectedException("the message is " + body.length + " bytes, over the limit of "
                    + channels.maxMessageSize() + " (hub.channels.max-message-size)");
        }
        return reader.readAny(plant, name, body, source);
    }

    private static Outcome outcome(IntakeBatch batch, String source) {
        List<RecordOutcome> results = new ArrayList<>();
        Map<String, List<Rejection>> refusedByLocation = new LinkedHashMap<>();
        batch.rejections().forEach(r -> refusedByLocation.computeIfAbsent(r.location(), k -> new ArrayList<>()).add(r));
        int queued = 0;
        int duplicates = 0;
        for (NewEvent e : batch.events()) {
            String location = e.source().substring(source.length() + 1);
            // An event refused because its id was taken by another fact is reported with the refused records.
            if (refusedByLocation.getOrDefault(location, List.of()).stream()
                    .anyMatch(r -> "id".equals(r.field()) && e.eventId().equals(r.value()))) {
                continue;
            }
            boolean isQueued = batch.queuedIds().contains(e.eventId());
            queued += isQueued ? 1 : 0;
            duplicates += isQueued ? 0 : 1;
            results.add(new RecordOutcome(location, e.eventId(), e.flow(), e.orderNo(), isQueued ? "queued" : "duplicate",
                    List.of()));
        }
        refusedByLocation.forEach((location, problems) -> results.add(new RecordOutcome(location,
                problems.stream().filter(p -> "id".equals(p.field())).map(Rejection::value).findFirst().orElse(null),
                problems.get(0).flow(), problems.get(0).order(), "refused",
                problems.stream().map(Rejection::describe).toList())));
        return new Outcome(batch.plant(), source, batch.records(), queued, duplicates, refusedByLocation.size(), results);
    }

    private static String text(byte[] body) {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.meserp.hub.exceptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.EventType;
import io.meserp.hub.event.EventValidator;
import io.meserp.hub.exceptions.ExceptionQueue.Item;
import io.meserp.hub.ledger.EventStatus;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.NewEvent;
import io.meserp.hub.plant.InboundFlow;
import io.meserp.hub.plant.PlantRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Whether an exception can be replayed, and what a replay sends: the exception's payload checked against its schema, its identity (the event id may not change)
 * and its flow, the queue it goes to, and the event as the ledger records it.
 */
@Component
class ReplayedEvents {

    private final Ledger ledger;
    private final EventValidator validator;
    private final PlantRegistry plants;
    private final ObjectMapper mapper;

    ReplayedEvents(Ledger ledger, EventValidator validator, PlantRegistry plants, ObjectMapper mapper) {
        this.ledger = ledger;
        this.validator = validator;
        this.plants = plants;
        this.mapper = mapper;
    }

    String queue(Item item, CloudEvent event) {
        InboundFlow flow = plants.flow(item.flow()).orElseThrow(() -> new ActionRefused(HttpStatus.CONFLICT,
                "flow " + item.flow() + " has no queue to replay to"));
        if ("input".equals(item.origin())) {
            // a row fixed by hand takes the path its file would have taken (e.g. via aggregation)
            return plants.find(event.plant()).map(flow::queue).orElse(flow.queue());
        }
        return flow.queue();
    }

    NewEvent event(Item item, CloudEvent event) {
        String flow = EventType.ofType(event.type()).map(EventType::flow).orElse(item.flow());
        return new NewEvent(event.id(), flow, event.plant(), event.subject(), "replay of exception " + item.id(),
                json(event), event.time());
    }

    CloudEvent checked(Item item, String payload) {
        if (payload == null || payload.isBlank()) {
            throw new ActionRefused(HttpStatus.UNPROCESSABLE_ENTITY, "exception " + item.id() + " has no payload; fix it"
                    + " first with the corrected event");
        }
        JsonNode json;
        CloudEvent event;
        try {
            json = mapper.readTree(payload);
            event = mapper.treeToValue(json, CloudEvent.class);
        } catch (Exception e) {
            throw new ActionRefused(HttpStatus.UNPROCESSABLE_ENTITY, "payload is not a readable event: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>(validator.violations(json));
        if (item.eventId() != null && event.id() != null && !item.eventId().equals(event.id())) {
            problems.add("id: must stay " + item.eventId() + " (the event's identity is what keeps it from being booked twice)");
        }
        Optional<String> flow = EventType.ofType(event.type() == null ? "" : event.type()).map(EventType::flow);
        if (flow.isPresent() && !"file".equals(item.flow()) && !"unknown".equals(item.flow())
                && !flow.get().equals(item.flow())) {
            problems.add("type: a " + item.flow() + " exception cannot be replayed as " + event.type());
        }
        if (event.plant() != null && plants.find(event.plant()).isEmpty()) {
            problems.add("source: plant '" + event.plant() + "' is not configured");
        }
        if (!problems.isEmpty()) {
            throw new InvalidPayload(problems);
        }
        if (item.eventId() == null && ledger.find(event.id()).map(r -> r.status() == EventStatus.POSTED).orElse(false)) {
            throw new ActionRefused(HttpStatus.CONFLICT, "event " + event.id() + " is already booked; discard this exception");
        }
        return event;
    }

    private String json(CloudEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    boolean replayable(Item item) {
        return notReplayableWhy(item) == null;
    }

    /** Why support cannot replay the exception, or null when it can. */
    String notReplayableWhy(Item item) {
        if ("review".equals(item.origin())) {
            return "it asks for a review of an event that completed; discard it with what was decided";
        }
        if ("release".equals(item.origin())) {
            return null;
        }
        if ("file".equals(item.flow())) {
            return "the whole file was refused; fix the file and drop it again";
        }
        if ("dlq".equals(item.origin()) && item.payload() == null) {
            return "the dead letter has no text body";
        }
        if (plants.flow(item.flow()).isEmpty() && !"dlq".equals(item.origin())) {
            return "flow " + item.flow() + " has no queue";
        }
        return null;
    }

    /** The actions support may take on the exception. */
    List<String> allowed(Item item) {
        if (!ExceptionQueue.OPEN.equals(item.status())) {
            return List.of();
        }
        List<String> actions = new ArrayList<>();
        if (replayable(item)) {
            if (!"release".equals(item.origin())) {
                actions.add("fix");
            }
            if (item.payload() != null || "release".equals(item.origin())) {
                actions.add("replay");
            }
        }
        actions.add("discard");
        return actions;
    }
}

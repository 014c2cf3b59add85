package io.meserp.hub.movement;

import java.util.List;

import io.meserp.hub.config.HubProperties;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.plant.InboundFlow;
import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.Parsed;
import io.meserp.hub.plant.PlantDefinition;
import org.springframework.stereotype.Component;

/** Workflow W3: component consumption (261) and goods receipts (101) from plant files (CSV or B2MML). */
@Component
public class MovementFlow implements InboundFlow {

    private final MovementEvents events;
    private final String queue;

    public MovementFlow(MovementEvents events, HubProperties properties) {
        this.events = events;
        this.queue = properties.queues().movement();
    }

    @Override
    public List<String> erpCapabilities(PlantDefinition plant) {
        return List.of("movement");
    }

    @Override
    public String name() {
        return "movement";
    }

    @Override
    public List<String> csvFields() {
        return List.of("order", "movement-type", "material", "storage-location", "batch", "quantity", "unit", "time",
                "reservation", "reservation-item", "final-issue", "mes-event-id");
    }

    @Override
    public List<String> requiredCsvFields() {
        return List.of("order", "movement-type", "material", "quantity", "unit", "time");
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public ParseResult<CloudEvent> parse(PlantDefinition plant, PlantDefinition.Inbound inbound, byte[] content) {
        ParseResult<MaterialMovement> parsed = switch (inbound.format()) {
            case CSV -> new MovementCsvParser(inbound.csv(), plant.erpPlant()).parse(content);
            case B2MML -> new MovementB2mmlParser(inbound.b2mml(), plant.erpPlant()).parse(content);
        };
        return new ParseResult<>(parsed.records(), parsed.accepted().stream()
                .map(p -> new Parsed<>(p.location(), events.toEvent(plant.id(), p.value()))).toList(), parsed.rejected());
    }
}

package io.meserp.hub.confirmation;

import java.util.List;

import io.meserp.hub.config.HubProperties;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.plant.InboundFlow;
import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.Parsed;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantSection;
import org.springframework.stereotype.Component;

/** Workflow W2: completion confirmations from plant files (CSV or B2MML ProductionPerformance). */
@Component
public class ConfirmationFlow implements InboundFlow {

    private final ConfirmationEvents events;
    private final String queue;
    private final String aggregationQueue;

    public ConfirmationFlow(ConfirmationEvents events, HubProperties properties) {
        this.events = events;
        this.queue = properties.queues().confirmation();
        this.aggregationQueue = properties.queues().aggregation();
    }

    /** Plants that aggregate confirmations send them to be combined first. */
    @Override
    public String queue(PlantDefinition plant) {
        return plant.settings(AggregationSettings.SECTION) != null ? aggregationQueue : queue;
    }

    @Override
    public List<PlantSection<?>> sections() {
        return List.of(AggregationSettings.SECTION);
    }

    @Override
    public List<String> erpCapabilities(PlantDefinition plant) {
        return List.of("confirmation");
    }

    @Override
    public String name() {
        return "confirmation";
    }

    @Override
    public List<String> csvFields() {
        return List.of("order", "operation", "work-center", "yield", "scrap", "rework", "unit", "final", "start", "end",
                "personnel", "variance-reason", "mes-event-id");
    }

    @Override
    public List<String> requiredCsvFields() {
        return List.of("order", "operation", "yield", "end");
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public ParseResult<CloudEvent> parse(PlantDefinition plant, PlantDefinition.Inbound inbound, byte[] content) {
        ParseResult<ProductionConfirmation> parsed = switch (inbound.format()) {
            case CSV -> new ConfirmationCsvParser(inbound.csv(), plant.erpPlant()).parse(content);
            case B2MML -> new ConfirmationB2mmlParser(inbound.b2mml(), plant.erpPlant())
                    .parse(content, inbound.flows().contains("movement"));
        };
        return new ParseResult<>(parsed.records(), parsed.accepted().stream()
                .map(p -> new Parsed<>(p.location(), events.toEvent(plant.id(), p.value()))).toList(), parsed.rejected());
    }
}

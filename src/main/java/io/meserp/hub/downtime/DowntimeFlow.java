package io.meserp.hub.downtime;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.config.HubProperties;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.EventIds;
import io.meserp.hub.event.EventType;
import io.meserp.hub.plant.FileRejectedException;
import io.meserp.hub.plant.InboundFlow;
import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.Parsed;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantSection;
import org.springframework.stereotype.Component;

/** Workflow W5: equipment downtime from plant files (CSV). */
@Component
public class DowntimeFlow implements InboundFlow {

    private final ObjectMapper mapper;
    private final String queue;

    public DowntimeFlow(ObjectMapper mapper, HubProperties properties) {
        this.mapper = mapper;
        this.queue = properties.queues().downtime();
    }

    @Override
    public List<PlantSection<?>> sections() {
        return List.of(DowntimeSettings.SECTION);
    }

    /** A breakdown reason of the plant opens a maintenance notification; without any, nothing is asked of the ERP. */
    @Override
    public List<String> erpCapabilities(PlantDefinition plant) {
        return plant.settings(DowntimeSettings.SECTION).breakdownReasons().isEmpty() ? List.of()
                : List.of("maintenance-notification");
    }

    @Override
    public String name() {
        return "downtime";
    }

    @Override
    public List<String> csvFields() {
        return List.of("equipment", "work-center", "start", "end", "reason", "reason-text", "order", "mes-event-id");
    }

    @Override
    public List<String> requiredCsvFields() {
        return List.of("equipment", "start", "end", "reason");
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public ParseResult<CloudEvent> parse(PlantDefinition plant, PlantDefinition.Inbound inbound, byte[] content) {
        if (inbound.format() != PlantDefinition.Format.CSV) {
            throw new FileRejectedException("downtime is read from CSV only; the plant mapping says " + inbound.format());
        }
        ParseResult<DowntimeEvent> parsed = new DowntimeCsvParser(inbound.csv(), plant.erpPlant()).parse(content);
        return new ParseResult<>(parsed.records(), parsed.accepted().stream()
                .map(p -> new Parsed<>(p.location(), toEvent(plant.id(), p.value()))).toList(), parsed.rejected());
    }

    CloudEvent toEvent(String plantId, DowntimeEvent d) {
        String id = d.mesEventId() != null ? EventIds.of("mes", plantId, "downtime", d.mesEventId())
                : EventIds.of("fact", plantId, "downtime", d.equipment(), d.start().toInstant().toString(),
                        d.end().toInstant().toString(), d.reasonCode(), Objects.toString(d.order(), ""));
        String subject = d.order() != null ? d.order() : d.equipment();
        return CloudEvent.of(EventType.DOWNTIME_EVENT_V1, id, "mes://" + plantId, subject, d.end(), mapper.valueToTree(d));
    }
}

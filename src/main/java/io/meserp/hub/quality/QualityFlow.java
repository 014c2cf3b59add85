package io.meserp.hub.quality;

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

/** Workflow W4: inspection results and nonconformances from plant files (CSV). */
@Component
public class QualityFlow implements InboundFlow {

    private final ObjectMapper mapper;
    private final String queue;

    public QualityFlow(ObjectMapper mapper, HubProperties properties) {
        this.mapper = mapper;
        this.queue = properties.queues().quality();
    }

    @Override
    public List<PlantSection<?>> sections() {
        return List.of(QualitySettings.SECTION);
    }

    /** A failed inspection or a nonconformance opens a notification and holds the order. */
    @Override
    public List<String> erpCapabilities(PlantDefinition plant) {
        return List.of("quality-notification", "order-hold");
    }

    @Override
    public String name() {
        return "quality";
    }

    @Override
    public List<String> csvFields() {
        return List.of("kind", "inspection", "order", "operation", "material", "batch", "characteristic", "value",
                "unit", "lower-limit", "upper-limit", "defect-code", "defect-quantity", "defect-text", "time",
                "mes-event-id");
    }

    @Override
    public List<String> requiredCsvFields() {
        return List.of("kind", "material", "time");
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public ParseResult<CloudEvent> parse(PlantDefinition plant, PlantDefinition.Inbound inbound, byte[] content) {
        if (inbound.format() != PlantDefinition.Format.CSV) {
            throw new FileRejectedException("quality events are read from CSV only; the plant mapping says " + inbound.format());
        }
        ParseResult<QualityEvent> parsed = new QualityCsvParser(inbound.csv(), plant.erpPlant()).parse(content);
        return new ParseResult<>(parsed.records(), parsed.accepted().stream()
                .map(p -> new Parsed<>(p.location(), toEvent(plant.id(), p.value()))).toList(), parsed.rejected());
    }

    CloudEvent toEvent(String plantId, QualityEvent q) {
        String id = q.mesEventId() != null ? EventIds.of("mes", plantId, "quality", q.mesEventId())
                : EventIds.of("fact", plantId, "quality", q.kind(), Objects.toString(q.inspection(), ""),
                        Objects.toString(q.order(), ""), q.material(), Objects.toString(q.batch(), ""),
                        q.time().toInstant().toString(), q.defect() == null ? "" : q.defect().code(),
                        q.results() == null ? "" : q.results().toString());
        return CloudEvent.of(EventType.QUALITY_EVENT_V1, id, "mes://" + plantId,
                q.order() != null ? q.order() : q.material(), q.time(), mapper.valueToTree(q));
    }
}

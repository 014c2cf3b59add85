package io.meserp.hub.plant;

import java.util.List;

import io.meserp.hub.event.CloudEvent;

/**
 * A workflow that plants feed with files (confirmations, goods movements, ...): the canonical fields its CSV
 * mappings may name, the queue its events go to, and how a file of it becomes events. Each is a Spring bean;
 * the plant registry and the file intake find them by {@link #name()}.
 */
public interface InboundFlow {

    /** The flow's name as plant.yaml writes it ({@code flow: confirmation}). */
    String name();

    /** Canonical fields a CSV mapping of this flow may map to columns. */
    List<String> csvFields();

    /** Fields every CSV mapping of this flow must map. */
    List<String> requiredCsvFields();

    /** The queue this flow's events are published to. */
    String queue();

    /** The queue this flow's events of a plant are published to (a flow may route some plants elsewhere). */
    default String queue(PlantDefinition plant) {
        return queue();
    }

    /** The workflow's own sections of plant.yaml, read when a plant loads (see {@link PlantDefinition#settings}). */
    default List<PlantSection<?>> sections() {
        return List.of();
    }

    /**
     * What the flow asks of the plant's ERP, as capability keys of the ERP connector contract (docs/erp-connectors.md);
     * a plant whose connector lacks one does not start.
     */
    default List<String> erpCapabilities(PlantDefinition plant) {
        return List.of();
    }

    /** The file's events (each with its row or element) and what was refused. */
    ParseResult<CloudEvent> parse(PlantDefinition plant, PlantDefinition.Inbound inbound, byte[] content);
}

package io.meserp.hub.support;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes production performance reports the way plant 2000's MES does (B2MML V0600, one ProductionResponse per order
 * and a SegmentResponse per confirmation, plant-local time with its offset): what mappings/plants/plant-2000 reads.
 */
public class Plant2000Xml {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    /** Győr in winter; the MES writes its local time with the offset. */
    private static final ZoneOffset LOCAL = ZoneOffset.ofHours(1);

    private final StringBuilder body = new StringBuilder();
    private final String id;
    private int responses;

    /** A report named {@code id} (its B2MML ID). */
    public Plant2000Xml(String id) {
        this.id = id;
    }

    /** A confirmation of the pressing operation (0010) of {@code order}: its yield, no scrap, plant-local times. */
    public Plant2000Xml add(String order, BigDecimal yield, LocalDateTime start, LocalDateTime end) {
        responses++;
        body.append("  <ProductionResponse>\n")
                .append("    <ID>PR-").append(order).append('-').append(responses).append("</ID>\n")
                .append("    <ProductionRequestID>").append(order).append("</ProductionRequestID>\n")
                .append("    <SegmentResponse>\n")
                .append("      <ID>SR-").append(id).append('-').append(responses).append("</ID>\n")
                .append("      <ProcessSegmentID>PRESSING</ProcessSegmentID>\n")
                .append("      <ActualStartTime>").append(TIME.format(start.atOffset(LOCAL))).append("</ActualStartTime>\n")
                .append("      <ActualEndTime>").append(TIME.format(end.atOffset(LOCAL))).append("</ActualEndTime>\n")
                .append("      <PersonnelActual><PersonID>815</PersonID></PersonnelActual>\n")
                .append("      <EquipmentActual><EquipmentID>PRESS-01</EquipmentID></EquipmentActual>\n")
                .append("      <MaterialProducedActual>\n")
                .append("        <MaterialDefinitionID>FG-2000</MaterialDefinitionID>\n")
                .append("        <Quantity><QuantityString>").append(yield.toPlainString())
                .append("</QuantityString><UnitOfMeasure>ST</UnitOfMeasure></Quantity>\n")
                .append("      </MaterialProducedActual>\n")
                .append("      <SegmentState>Completed</SegmentState>\n")
                .append("    </SegmentResponse>\n")
                .append("  </ProductionResponse>\n");
        return this;
    }

    public int responses() {
        return responses;
    }

    public byte[] bytes() {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ProductionPerformance xmlns=\"http://www.mesa.org/xml/B2MML-V0600\">\n"
                + "  <ID>" + id + "</ID>\n" + body + "</ProductionPerformance>\n").getBytes(StandardCharsets.UTF_8);
    }
}

package io.meserp.hub.movement;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.meserp.hub.plant.B2mml;
import io.meserp.hub.plant.B2mmlLayout;
import io.meserp.hub.plant.B2mmlPerformance;
import io.meserp.hub.plant.B2mmlPerformance.Actual;
import io.meserp.hub.plant.B2mmlPerformance.Segment;
import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.Parsed;
import io.meserp.hub.plant.Rejection;
import org.w3c.dom.Element;

import static io.meserp.hub.plant.B2mml.text;

/**
 * Reads goods movements from a B2MML performance report in any form {@link B2mmlPerformance} accepts: consumed
 * material is the movement type the plant's mapping gives for it (goods issue 261 by default), produced material
 * likewise (goods receipt 101), of the segment's order, with {@code MaterialDefinitionID}, {@code MaterialLotID} as
 * batch (rewritten and length-checked by the mapping's batch rule), the storage location from the mapping, and the
 * yield quantity; posted at {@code ActualEndTime}. A material use the mapping books as {@code none} is left to the
 * confirmation (an ERP that receives goods on confirmation).
 */
public class MovementB2mmlParser {

    private final B2mmlLayout layout;
    private final String erpPlant;

    public MovementB2mmlParser(B2mmlLayout layout, String erpPlant) {
        this.layout = layout;
        this.erpPlant = erpPlant;
    }

    public ParseResult<MaterialMovement> parse(byte[] content) {
        List<Parsed<MaterialMovement>> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int records = 0;
        for (Segment segment : B2mmlPerformance.segments(content, layout, erpPlant)) {
            List<Rejection> segmentProblems = new ArrayList<>();
            List<Actual> actuals = B2mmlPerformance.materials(segment,
                    (e, reason) -> segmentProblems.add(new Rejection(segment.location(), e, null, null, reason, segment.order())));
            rejected.addAll(segmentProblems);
            records += segmentProblems.isEmpty() ? 0 : 1;
            for (Actual actual : actuals) {
                String type = actual.produced() ? layout.producedMovement() : layout.consumedMovement();
                if (type == null || type.equals("none")) {
                    continue;
                }
                records++;
                List<Rejection> problems = new ArrayList<>();
                MaterialMovement movement = read(segment, actual, type, problems);
                if (problems.isEmpty()) {
                    accepted.add(new Parsed<>(actual.location(), movement));
                } else {
                    problems.forEach(p -> rejected.add(p.withOrder(segment.order())));
                }
            }
        }
        return new ParseResult<>(records, accepted, rejected);
    }

    private MaterialMovement read(Segment segment, Actual actual, String type, List<Rejection> problems) {
        String location = actual.location();
        Element element = actual.element();
        String order = segment.order();
        if (order == null || !order.matches("[0-9A-Za-z]{1,12}")) {
            problems.add(new Rejection(location, "ProductionRequestID", null, order,
                    "'" + order + "' is not an order number (1 to 12 letters or digits)", null));
        }
        String material = text(element, "MaterialDefinitionID");
        if (material == null || material.length() > 40) {
            problems.add(new Rejection(location, "MaterialDefinitionID", null, material, "is missing or longer than 40", null));
        }
        String batch = batch(text(element, "MaterialLotID"), location, problems);
        String storage = B2mmlPerformance.storageLocation(element, layout);
        if (storage != null && storage.length() > 4) {
            problems.add(new Rejection(location, "StorageLocation", null, storage, "'" + storage + "' is longer than 4", null));
        }
        BigDecimal amount = null;
        String unit = null;
        List<Element> quantities = B2mml.children(element, "Quantity").stream()
                .filter(q -> layout.quantityKey(text(q, "Key")) == B2mmlLayout.Meaning.YIELD).toList();
        List<Element> unknown = B2mml.children(element, "Quantity").stream()
                .filter(q -> layout.quantityKey(text(q, "Key")) == null).toList();
        unknown.forEach(q -> problems.add(new Rejection(location, "Quantity/Key", null, text(q, "Key"), "Quantity/Key '"
                + text(q, "Key") + "' is not in b2mml.yaml quantity-keys (map it to yield, scrap, rework or ignore)", null)));
        if (quantities.isEmpty()) {
            problems.add(new Rejection(location, "Quantity", null, null,
                    "no Quantity whose Key b2mml.yaml quantity-keys maps to yield (or without Key)", null));
        } else if (quantities.size() > 1) {
            problems.add(new Rejection(location, "Quantity", null, null, quantities.size()
                    + " yield quantities for one material actual; the hub books one movement per material actual", null));
        } else {
            Element quantity = quantities.get(0);
            amount = B2mml.quantity(quantity, (e, vr) -> problems.add(new Rejection(location, e, null, vr[0], vr[1], null)));
            unit = B2mml.unit(quantity, layout, (e, vr) -> problems.add(new Rejection(location, e, null, vr[0], vr[1], null)));
            if (amount != null && amount.signum() == 0) {
                problems.add(new Rejection(location, "Quantity/QuantityString", null, "0", "a movement of nothing is not booked", null));
            }
        }
        String rawTime = text(segment.element(), "ActualEndTime");
        OffsetDateTime time = null;
        try {
            time = rawTime == null ? null : OffsetDateTime.parse(rawTime);
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (time == null) {
            problems.add(new Rejection(location, "ActualEndTime", null, rawTime,
                    "is missing or not an xs:dateTime with offset", null));
        }
        String segmentId = text(segment.element(), "ID");
        return new MaterialMovement(order == null ? null : order.toUpperCase(), erpPlant, type,
                material == null ? null : material.toUpperCase(), storage, batch, amount, unit, time, null, null, null,
                segmentId == null ? null : segmentId + "/" + (batch == null ? "" : batch)
                        + "/" + location.substring(location.lastIndexOf('/') + 1));
    }

    /** The ERP batch for a lot id: the plant's rewrite rule applied, then its length checked (SAP: 10). */
    private String batch(String lot, String location, List<Rejection> problems) {
        if (lot == null) {
            return null;
        }
        String batch = layout.batchPattern() == null ? lot
                : layout.batchPattern().matcher(lot).replaceAll(layout.batchReplacement());
        if (batch.isEmpty() || batch.length() > layout.batchMaxLength()) {
            problems.add(new Rejection(location, "MaterialLotID", null, lot, "lot '" + lot + "'"
                    + (batch.equals(lot) ? "" : " (rewritten to '" + batch + "' by b2mml.yaml batch.pattern)")
                    + " is " + (batch.isEmpty() ? "empty" : "longer than the ERP's batch of " + layout.batchMaxLength()
                    + " characters") + "; give the plant a batch rule in b2mml.yaml (batch.pattern/replacement)"
                    + " or have the MES send the ERP batch", null));
        }
        return batch;
    }
}

package io.meserp.hub.movement;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.meserp.hub.plant.B2mml;
import io.meserp.hub.plant.B2mmlLayout;
import io.meserp.hub.plant.FileRejectedException;
import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.Parsed;
import io.meserp.hub.plant.Rejection;
import org.w3c.dom.Element;

import static io.meserp.hub.plant.B2mml.children;
import static io.meserp.hub.plant.B2mml.text;

/**
 * Reads goods movements from a B2MML {@code ProductionPerformance}: in each {@code SegmentResponse},
 * {@code MaterialConsumedActual} (or {@code MaterialActual} with {@code MaterialUse} Consumed) is a goods issue
 * 261 and {@code MaterialProducedActual} (or {@code MaterialUse} Produced) a goods receipt 101 of order
 * {@code ProductionRequestID}, with {@code MaterialDefinitionID}, {@code MaterialLotID} as batch,
 * {@code StorageLocation}, and the {@code Quantity} without a {@code Key}; posted at {@code ActualEndTime}.
 */
public class MovementB2mmlParser {

    private final B2mmlLayout layout;
    private final String erpPlant;

    public MovementB2mmlParser(B2mmlLayout layout, String erpPlant) {
        this.layout = layout;
        this.erpPlant = erpPlant;
    }

    public ParseResult<MaterialMovement> parse(byte[] content) {
        Element root = B2mml.root(content, layout, "ProductionPerformance");
        B2mml.requireSite(root, erpPlant);
        List<Parsed<MaterialMovement>> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int records = 0;
        int r = 0;
        for (Element response : children(root, "ProductionResponse")) {
            r++;
            String order = text(response, "ProductionRequestID");
            int s = 0;
            for (Element segment : children(response, "SegmentResponse")) {
                s++;
                int m = 0;
                for (Actual actual : materials(segment)) {
                    m++;
                    records++;
                    String location = "ProductionResponse[" + r + "]/SegmentResponse[" + s + "]/"
                            + actual.element().getLocalName() + "[" + m + "]";
                    List<Rejection> problems = new ArrayList<>();
                    MaterialMovement movement = read(order, segment, actual.element(), actual.movementType(), location,
                            problems);
                    if (problems.isEmpty()) {
                        accepted.add(new Parsed<>(location, movement));
                    } else {
                        problems.forEach(p -> rejected.add(p.withOrder(order)));
                    }
                }
            }
        }
        if (records == 0) {
            throw new FileRejectedException("ProductionPerformance has no consumed or produced material actuals");
        }
        return new ParseResult<>(records, accepted, rejected);
    }

    /** A material actual of a segment and the movement it means. */
    private record Actual(Element element, String movementType) {
    }

    private static List<Actual> materials(Element segment) {
        List<Actual> out = new ArrayList<>();
        children(segment, "MaterialConsumedActual").forEach(e -> out.add(new Actual(e, MaterialMovement.GOODS_ISSUE)));
        children(segment, "MaterialProducedActual").forEach(e -> out.add(new Actual(e, MaterialMovement.GOODS_RECEIPT)));
        for (Element e : children(segment, "MaterialActual")) {
            String use = String.valueOf(text(e, "MaterialUse")).toLowerCase(Locale.ROOT);
            if (use.equals("consumed")) {
                out.add(new Actual(e, MaterialMovement.GOODS_ISSUE));
            } else if (use.equals("produced")) {
                out.add(new Actual(e, MaterialMovement.GOODS_RECEIPT));
            }
        }
        return out;
    }

    private MaterialMovement read(String order, Element segment, Element actual, String type, String location,
            List<Rejection> problems) {
        if (order == null || !order.matches("[0-9A-Za-z]{1,12}")) {
            problems.add(new Rejection(location, "ProductionRequestID", null, order,
                    "'" + order + "' is not an order number (1 to 12 letters or digits)", null));
        }
        String material = text(actual, "MaterialDefinitionID");
        if (material == null || material.length() > 40) {
            problems.add(new Rejection(location, "MaterialDefinitionID", null, material, "is missing or longer than 40", null));
        }
        String batch = text(actual, "MaterialLotID");
        if (batch != null && batch.length() > 10) {
            problems.add(new Rejection(location, "MaterialLotID", null, batch, "'" + batch + "' is longer than 10", null));
        }
        String storage = text(actual, "StorageLocation");
        if (storage != null && storage.length() > 4) {
            problems.add(new Rejection(location, "StorageLocation", null, storage, "'" + storage + "' is longer than 4", null));
        }
        Element quantity = children(actual, "Quantity").stream()
                .filter(q -> text(q, "Key") == null || "yield".equalsIgnoreCase(text(q, "Key"))).findFirst().orElse(null);
        BigDecimal amount = null;
        String unit = null;
        if (quantity == null) {
            problems.add(new Rejection(location, "Quantity", null, null, "no Quantity without Key", null));
        } else {
            amount = B2mml.quantity(quantity, (e, vr) -> problems.add(new Rejection(location, e, null, vr[0], vr[1], null)));
            unit = B2mml.unit(quantity, layout, (e, vr) -> problems.add(new Rejection(location, e, null, vr[0], vr[1], null)));
            if (amount != null && amount.signum() == 0) {
                problems.add(new Rejection(location, "Quantity/QuantityString", null, "0", "a movement of nothing is not booked", null));
            }
        }
        String rawTime = text(segment, "ActualEndTime");
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
        String segmentId = text(segment, "ID");
        return new MaterialMovement(order == null ? null : order.toUpperCase(), erpPlant, type,
                material == null ? null : material.toUpperCase(), storage, batch, amount, unit, time, null, null, null,
                segmentId == null ? null : segmentId + "/" + type + "/" + material + "/" + batch);
    }
}

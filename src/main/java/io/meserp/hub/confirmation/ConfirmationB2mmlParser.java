package io.meserp.hub.confirmation;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.meserp.hub.plant.B2mml.children;
import static io.meserp.hub.plant.B2mml.first;
import static io.meserp.hub.plant.B2mml.text;

import io.meserp.hub.plant.B2mml;
import io.meserp.hub.plant.B2mmlLayout;
import io.meserp.hub.plant.FileRejectedException;
import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.Parsed;
import io.meserp.hub.plant.Rejection;
import org.w3c.dom.Element;

/**
 * Reads confirmations from an ISA-95 B2MML {@code ProductionPerformance} document (V0600 or V0700
 * namespace). Each {@code SegmentResponse} is one confirmation of operation {@code ProcessSegmentID} of
 * order {@code ProductionRequestID}. Yield comes from {@code MaterialProducedActual}, or from
 * {@code MaterialActual} with {@code MaterialUse} Produced; scrap and rework are further {@code Quantity}
 * elements of the produced material whose {@code Key} is {@code Scrap} or {@code Rework}
 * (docs/workflows/confirmation.md).
 */
public class ConfirmationB2mmlParser {

    private final B2mmlLayout layout;
    private final String erpPlant;

    public ConfirmationB2mmlParser(B2mmlLayout layout, String erpPlant) {
        this.layout = layout;
        this.erpPlant = erpPlant;
    }

    public ParseResult<ProductionConfirmation> parse(byte[] content) {
        Element root = B2mml.root(content, layout, "ProductionPerformance");
        B2mml.requireSite(root, erpPlant);
        List<Parsed<ProductionConfirmation>> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int records = 0;
        int responseIndex = 0;
        for (Element response : children(root, "ProductionResponse")) {
            responseIndex++;
            String order = text(response, "ProductionRequestID");
            int segmentIndex = 0;
            for (Element segment : children(response, "SegmentResponse")) {
                segmentIndex++;
                records++;
                String location = "ProductionResponse[" + responseIndex + "]/SegmentResponse[" + segmentIndex + "]";
                SegmentReader reader = new SegmentReader(segment, location, order);
                ProductionConfirmation c = reader.read();
                if (reader.problems.isEmpty()) {
                    accepted.add(new Parsed<>(location, c));
                } else {
                    reader.problems.forEach(p -> rejected.add(p.withOrder(order)));
                }
            }
        }
        if (records == 0) {
            throw new FileRejectedException("ProductionPerformance has no ProductionResponse/SegmentResponse");
        }
        return new ParseResult<>(records, accepted, rejected);
    }

    private final class SegmentReader {
        private final Element segment;
        private final String location;
        private final String order;
        private final List<Rejection> problems = new ArrayList<>();

        SegmentReader(Element segment, String location, String order) {
            this.segment = segment;
            this.location = location;
            this.order = order;
        }

        ProductionConfirmation read() {
            if (order == null || !order.matches("[0-9A-Za-z]{1,12}")) {
                problem("ProductionRequestID", order, "is not an order number (1 to 12 letters or digits)");
            }
            String operation = text(segment, "ProcessSegmentID");
            if (operation == null || !operation.matches("\\d{1,4}")) {
                problem("ProcessSegmentID", operation, "is not an operation number (1 to 4 digits)");
            } else {
                operation = "0".repeat(4 - operation.length()) + operation;
            }
            Element equipment = first(segment, "EquipmentActual");
            String workCenter = equipment == null ? null : text(equipment, "EquipmentID");
            Element person = first(segment, "PersonnelActual");
            String personnel = person == null ? null : text(person, "PersonID");
            OffsetDateTime start = time("ActualStartTime", false);
            OffsetDateTime end = time("ActualEndTime", true);
            Element produced = produced();
            BigDecimal yield = null;
            BigDecimal scrap = BigDecimal.ZERO.setScale(3);
            BigDecimal rework = BigDecimal.ZERO.setScale(3);
            String unit = null;
            if (produced == null) {
                problem("MaterialProducedActual", null,
                        "no MaterialProducedActual (or MaterialActual with MaterialUse Produced) carries the yield");
            } else {
                for (Element quantity : children(produced, "Quantity")) {
                    String key = String.valueOf(text(quantity, "Key")).toLowerCase(Locale.ROOT);
                    BigDecimal value = quantity(quantity);
                    String u = unit(quantity);
                    if (unit == null) {
                        unit = u;
                    } else if (u != null && !u.equals(unit)) {
                        problem("Quantity/UnitOfMeasure", u, "differs from the first quantity's unit " + unit);
                    }
                    switch (key) {
                        case "scrap" -> scrap = value;
                        case "rework" -> rework = value;
                        default -> yield = value;
                    }
                }
                if (yield == null && problems.isEmpty()) {
                    problem("Quantity", null, "the produced material has no yield quantity (a Quantity without Key)");
                }
            }
            String state = text(segment, "SegmentState");
            boolean isFinal = state != null && state.equalsIgnoreCase("Completed");
            return new ProductionConfirmation(order == null ? null : order.toUpperCase(), operation, erpPlant,
                    workCenter, yield, scrap, rework, unit, isFinal, start, end, personnel, null,
                    text(segment, "ID"));
        }

        private Element produced() {
            Element produced = first(segment, "MaterialProducedActual");
            if (produced != null) {
                return produced;
            }
            for (Element actual : children(segment, "MaterialActual")) {
                if ("Produced".equalsIgnoreCase(text(actual, "MaterialUse"))) {
                    return actual;
                }
            }
            return null;
        }

        private BigDecimal quantity(Element quantity) {
            return B2mml.quantity(quantity, (element, valueAndReason) -> problem(element, valueAndReason[0], valueAndReason[1]));
        }

        private String unit(Element quantity) {
            return B2mml.unit(quantity, layout, (element, valueAndReason) -> problem(element, valueAndReason[0], valueAndReason[1]));
        }

        private OffsetDateTime time(String element, boolean required) {
            String raw = text(segment, element);
            if (raw == null) {
                if (required) {
                    problem(element, null, "is missing");
                }
                return null;
            }
            try {
                return OffsetDateTime.parse(raw);
            } catch (DateTimeParseException e) {
                problem(element, raw, "is not an xs:dateTime with offset (e.g. 2026-11-26T08:30:00+01:00)");
                return null;
            }
        }

        private void problem(String element, String value, String reason) {
            problems.add(new Rejection(location, element, null, value, reason, null));
        }
    }
}

package io.meserp.hub.confirmation;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.meserp.hub.plant.B2mmlLayout;
import io.meserp.hub.plant.B2mmlPerformance;
import io.meserp.hub.plant.B2mmlPerformance.Actual;
import io.meserp.hub.plant.B2mmlPerformance.Segment;
import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.Parsed;
import io.meserp.hub.plant.Rejection;
import org.w3c.dom.Element;

import static io.meserp.hub.plant.B2mml.first;
import static io.meserp.hub.plant.B2mml.text;

/**
 * Reads confirmations from a B2MML performance report in any form {@link B2mmlPerformance} accepts. Each segment
 * response with produced material is one confirmation of its order; the operation, scrap, rework and the meaning of
 * every quantity key and property come from the plant's B2MML mapping (docs/b2mml-profile.md). A quantity key or
 * property the mapping does not know refuses the segment: a scrap quantity must never be booked as nothing.
 */
public class ConfirmationB2mmlParser {

    private final B2mmlLayout layout;
    private final String erpPlant;

    public ConfirmationB2mmlParser(B2mmlLayout layout, String erpPlant) {
        this.layout = layout;
        this.erpPlant = erpPlant;
    }

    public ParseResult<ProductionConfirmation> parse(byte[] content) {
        return parse(content, false);
    }

    /**
     * @param withMovements the document also feeds goods movements: a segment with consumed material only is theirs,
     *                      not a confirmation without yield
     */
    public ParseResult<ProductionConfirmation> parse(byte[] content, boolean withMovements) {
        List<Parsed<ProductionConfirmation>> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int records = 0;
        for (Segment segment : B2mmlPerformance.segments(content, layout, erpPlant)) {
            SegmentReader reader = new SegmentReader(segment);
            List<Actual> produced = reader.produced();
            if (withMovements && produced.isEmpty() && reader.problems.isEmpty()) {
                continue;
            }
            records++;
            ProductionConfirmation c = reader.read(produced);
            if (reader.problems.isEmpty()) {
                accepted.add(new Parsed<>(segment.location(), c));
            } else {
                reader.problems.forEach(p -> rejected.add(p.withOrder(segment.order())));
            }
        }
        return new ParseResult<>(records, accepted, rejected);
    }

    private final class SegmentReader {
        private final Segment segment;
        private final Element element;
        private final List<Rejection> problems = new ArrayList<>();

        SegmentReader(Segment segment) {
            this.segment = segment;
            this.element = segment.element();
        }

        List<Actual> produced() {
            return B2mmlPerformance.materials(segment, (e, reason) -> problem(e, null, reason)).stream()
                    .filter(Actual::produced).toList();
        }

        ProductionConfirmation read(List<Actual> produced) {
            String order = segment.order();
            if (order == null || !order.matches("[0-9A-Za-z]{1,12}")) {
                problem("ProductionRequestID", order, "is not an order number (1 to 12 letters or digits)");
            }
            String operation = B2mmlPerformance.operation(segment, layout, (e, reason) -> problem(e, null, reason));
            Element equipment = first(element, "EquipmentActual");
            String workCenter = equipment == null ? null : text(equipment, "EquipmentID");
            Element person = first(element, "PersonnelActual");
            String personnel = person == null ? null : text(person, "PersonID");
            OffsetDateTime start = time("ActualStartTime", false);
            OffsetDateTime end = time("ActualEndTime", true);
            BigDecimal yield = null;
            BigDecimal scrap = BigDecimal.ZERO.setScale(3);
            BigDecimal rework = BigDecimal.ZERO.setScale(3);
            String unit = null;
            if (produced.isEmpty()) {
                problem("MaterialProducedActual", null,
                        "no MaterialProducedActual (or MaterialActual with MaterialUse Produced) carries the yield");
            } else if (produced.size() > 1) {
                problem("MaterialProducedActual", null, produced.size() + " produced materials in one segment response;"
                        + " a confirmation has one yield (report co-products as their own segment responses)");
            } else {
                int before = problems.size();
                B2mmlPerformance.Amounts amounts = B2mmlPerformance.amounts(produced.get(0).element(), layout,
                        (e, valueAndReason) -> problem(e, valueAndReason[0], valueAndReason[1]));
                yield = amounts.yield();
                scrap = amounts.scrap() == null ? scrap : amounts.scrap();
                rework = amounts.rework() == null ? rework : amounts.rework();
                unit = amounts.unit();
                if (yield == null && problems.size() == before) {
                    problem("Quantity", null, "the produced material has no yield quantity (a Quantity whose Key"
                            + " b2mml.yaml quantity-keys maps to yield, or none)");
                }
            }
            String state = text(element, "SegmentState");
            boolean isFinal = state != null && state.equalsIgnoreCase("Completed");
            return new ProductionConfirmation(order == null ? null : order.toUpperCase(), operation, erpPlant,
                    workCenter, yield, scrap, rework, unit, isFinal, start, end, personnel, null, text(element, "ID"));
        }

        private OffsetDateTime time(String name, boolean required) {
            String raw = text(element, name);
            if (raw == null) {
                if (required) {
                    problem(name, null, "is missing");
                }
                return null;
            }
            try {
                return OffsetDateTime.parse(raw);
            } catch (DateTimeParseException e) {
                problem(name, raw, "is not an xs:dateTime with offset (e.g. 2026-11-26T08:30:00+01:00)");
                return null;
            }
        }

        private void problem(String name, String value, String reason) {
            problems.add(new Rejection(segment.location(), name, null, value, reason, null));
        }
    }
}

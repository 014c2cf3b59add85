package io.meserp.hub.quality;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.meserp.hub.plant.CsvLayout;
import io.meserp.hub.plant.CsvReader;
import io.meserp.hub.plant.CsvRow;
import io.meserp.hub.plant.ParseResult;
import io.meserp.hub.plant.Parsed;
import io.meserp.hub.plant.Rejection;

/**
 * Reads a plant's quality CSV. A row is either one characteristic of an inspection (kind "inspection") or one
 * nonconformance (kind "nonconformance"); the rows of one inspection id become one event with all its values.
 * If a row of an inspection is bad, the whole inspection is refused, since a partial result could pass wrongly.
 */
public class QualityCsvParser {

    private static final Set<String> KINDS = Set.of("inspection", "nonconformance");

    private final CsvLayout layout;
    private final String erpPlant;

    public QualityCsvParser(CsvLayout layout, String erpPlant) {
        this.layout = layout;
        this.erpPlant = erpPlant;
    }

    /** One row as read, before inspections are put together. */
    private record Row(String kind, String inspection, String order, String operation, String material, String batch,
            OffsetDateTime time, QualityEvent.Result result, QualityEvent.Defect defect, String mesEventId) {
    }

    public ParseResult<QualityEvent> parse(byte[] content) {
        ParseResult<Row> rows = CsvReader.read(content, layout, this::row);
        List<Parsed<QualityEvent>> events = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>(rows.rejected());
        Set<String> brokenInspections = rows.rejected().stream().map(r -> inspectionAt.get(r.location()))
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet());
        Map<String, List<Parsed<Row>>> inspections = new LinkedHashMap<>();
        for (Parsed<Row> parsed : rows.accepted()) {
            Row r = parsed.value();
            if (r.kind().equals("nonconformance")) {
                events.add(new Parsed<>(parsed.location(), new QualityEvent(QualityEvent.NONCONFORMANCE, erpPlant, r.order(),
                        r.operation(), r.material(), r.batch(), r.inspection(), r.time(), null, r.defect(), false, r.mesEventId())));
            } else {
                inspections.computeIfAbsent(r.inspection() + "|" + r.order(), k -> new ArrayList<>()).add(parsed);
            }
        }
        for (List<Parsed<Row>> group : inspections.values()) {
            Row first = group.get(0).value();
            String location = group.get(0).location() + (group.size() > 1 ? " to " + group.get(group.size() - 1).location() : "");
            if (brokenInspections.contains(first.inspection())) {
                group.forEach(p -> rejected.add(new Rejection(p.location(), "inspection", layout.column("inspection"),
                        first.inspection(), "inspection " + first.inspection() + " has a bad row; all its rows are refused",
                        first.order())));
                continue;
            }
            List<QualityEvent.Result> results = group.stream().map(p -> p.value().result()).toList();
            OffsetDateTime time = group.stream().map(p -> p.value().time()).max(OffsetDateTime::compareTo).orElse(first.time());
            events.add(new Parsed<>(location, new QualityEvent(QualityEvent.INSPECTION, erpPlant, first.order(),
                    first.operation(), first.material(), first.batch(), first.inspection(), time, results, null,
                    results.stream().allMatch(QualityEvent.Result::passed), first.mesEventId())));
        }
        return new ParseResult<>(rows.records(), events, rejected);
    }

    /** The inspection id of every row read, by location, so a bad row can refuse the rest of its inspection. */
    private final Map<String, String> inspectionAt = new LinkedHashMap<>();

    private Row row(CsvRow row) {
        String kind = row.translated("kind", KINDS, true);
        String inspection = row.text("inspection", 40);
        if (inspection != null) {
            inspectionAt.put(row.location(), inspection);
        }
        String order = row.code("order", "[0-9A-Za-z]{1,12}", "an order number (1 to 12 letters or digits)", false);
        String operation = row.text("operation", false) == null ? null : row.padded("operation", 4, "an operation number", false);
        String material = row.text("material", true);
        OffsetDateTime time = row.time("time", true);
        QualityEvent.Result result = null;
        QualityEvent.Defect defect = null;
        if ("inspection".equals(kind)) {
            if (inspection == null) {
                row.problem("inspection", null, "is required for an inspection row");
            }
            String characteristic = row.text("characteristic", true);
            BigDecimal value = row.measurement("value", true);
            BigDecimal lower = row.measurement("lower-limit", false);
            BigDecimal upper = row.measurement("upper-limit", false);
            if (lower != null && upper != null && lower.compareTo(upper) > 0) {
                row.problem("lower-limit", lower.toPlainString(), "lower limit " + lower.toPlainString() + " is above upper limit "
                        + upper.toPlainString());
            }
            if (characteristic != null && value != null) {
                result = QualityEvent.Result.of(characteristic, value, row.unit("unit", false), lower, upper);
            }
        } else if ("nonconformance".equals(kind)) {
            String code = row.code("defect-code", "[0-9A-Za-z-]{1,8}", "a defect code (1 to 8 letters, digits or -)", true);
            BigDecimal quantity = row.text("defect-quantity", false) == null ? null : row.quantity("defect-quantity", false);
            defect = new QualityEvent.Defect(code, quantity, quantity == null ? null : row.unit("unit", true),
                    row.text("defect-text", 40));
        }
        return new Row(kind, inspection, order == null ? null : order.toUpperCase(), operation,
                material == null ? null : material.toUpperCase(), row.text("batch", 10), time, result, defect,
                row.text("mes-event-id", false));
    }
}

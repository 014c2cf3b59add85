package io.meserp.hub.plant;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

import org.w3c.dom.Element;

import static io.meserp.hub.plant.B2mml.children;
import static io.meserp.hub.plant.B2mml.first;
import static io.meserp.hub.plant.B2mml.text;

/**
 * The performance reports of a B2MML document in any form the hub reads, as one list of segment responses with
 * their order: {@code ProductionPerformance} (V0600, V0700), V0700's {@code OperationsPerformance}, and either of
 * them inside a Process, Sync or Notify BOD ({@code ApplicationArea} + {@code DataArea} with the verb). Other verbs
 * (Get, Show, Change, Cancel, Acknowledge, Respond) report nothing that happened and are refused, as is a document
 * of another plant's site. Confirmations and goods movements both read a document through this class, so one file
 * can feed both.
 */
public final class B2mmlPerformance {

    /** V0700 dropped the version from the namespace; OperationsPerformance exists only there. */
    static final String V0700 = "http://www.mesa.org/xml/B2MML";
    private static final Set<String> REPORTING_VERBS = Set.of("Process", "Sync", "Notify");
    private static final Set<String> OTHER_VERBS = Set.of("Get", "Show", "Change", "Cancel", "Acknowledge", "Respond");

    /** One segment response: where it is, its order (ProductionRequestID or OperationsRequestID) and the element. */
    public record Segment(String location, String order, Element element) {
    }

    /** A material actual of a segment: produced or consumed, and the element. */
    public record Actual(Element element, boolean produced, String location) {
    }

    private B2mmlPerformance() {
    }

    /** Every segment response of the document, checked for namespace, form and site. */
    public static List<Segment> segments(byte[] content, B2mmlLayout layout, String erpPlant) {
        Element root = SafeXml.parse(content).getDocumentElement();
        String ns = root.getNamespaceURI();
        if (ns == null || !layout.namespaces().contains(ns)) {
            throw new FileRejectedException("root element <" + root.getLocalName() + "> is in namespace '" + ns
                    + "', not one this plant sends " + layout.namespaces() + " (b2mml.yaml namespaces)");
        }
        List<Element> performances = performances(root);
        List<Segment> out = new ArrayList<>();
        String expected = null;
        int p = 0;
        for (Element performance : performances) {
            p++;
            requireSite(performance, layout, erpPlant);
            boolean operations = performance.getLocalName().equals("OperationsPerformance");
            if (operations && !V0700.equals(ns)) {
                throw new FileRejectedException("OperationsPerformance is read in B2MML V0700 (namespace " + V0700 + ") only");
            }
            String prefix = performances.size() > 1 ? performance.getLocalName() + "[" + p + "]/" : "";
            String responseName = operations ? "OperationsResponse" : "ProductionResponse";
            String orderName = operations ? "OperationsRequestID" : "ProductionRequestID";
            expected = performance.getLocalName() + " has no " + responseName + "/SegmentResponse";
            int r = 0;
            for (Element response : children(performance, responseName)) {
                r++;
                String order = text(response, orderName);
                int s = 0;
                for (Element segment : children(response, "SegmentResponse")) {
                    s++;
                    out.add(new Segment(prefix + responseName + "[" + r + "]/SegmentResponse[" + s + "]", order, segment));
                }
            }
        }
        if (out.isEmpty()) {
            throw new FileRejectedException(expected + ": a report without segment responses usually means the MES"
                    + " export failed");
        }
        return out;
    }

    private static List<Element> performances(Element root) {
        String name = root.getLocalName();
        if (name.equals("ProductionPerformance") || name.equals("OperationsPerformance")) {
            return List.of(root);
        }
        for (String verb : REPORTING_VERBS) {
            for (String noun : List.of("ProductionPerformance", "OperationsPerformance")) {
                if (name.equals(verb + noun)) {
                    Element data = first(root, "DataArea");
                    if (data == null || first(data, verb) == null) {
                        throw new FileRejectedException("<" + name + "> has no DataArea/" + verb);
                    }
                    List<Element> found = children(data, noun);
                    if (found.isEmpty()) {
                        throw new FileRejectedException("<" + name + "> has no DataArea/" + noun);
                    }
                    return found;
                }
            }
        }
        for (String verb : OTHER_VERBS) {
            if (name.startsWith(verb) && name.endsWith("Performance")) {
                throw new FileRejectedException("<" + name + "> does not report production (the hub reads the Process,"
                        + " Sync and Notify forms, or a bare ProductionPerformance/OperationsPerformance)");
            }
        }
        throw new FileRejectedException("root element is <" + name + ">, expected ProductionPerformance,"
                + " OperationsPerformance or their Process/Sync/Notify form");
    }

    /**
     * A document that names its site ({@code HierarchyScope/EquipmentID}) must name one of this plant's sites (b2mml.yaml
     * {@code sites}, by default the ERP plant code): a file of another plant dropped here is refused rather than booked
     * under the wrong plant.
     */
    private static void requireSite(Element performance, B2mmlLayout layout, String erpPlant) {
        Element scope = first(performance, "HierarchyScope");
        String site = scope == null ? null : text(scope, "EquipmentID");
        if (site != null && !layout.isSite(site, erpPlant)) {
            throw new FileRejectedException("document is for plant '" + site + "' (HierarchyScope/EquipmentID), which is"
                    + " not one of this plant's sites " + (layout.sites().isEmpty() ? List.of(erpPlant) : layout.sites())
                    + " (b2mml.yaml sites); it was dropped in the inbox of ERP plant " + erpPlant);
        }
    }

    /** The segment's operation through the mapping, as the ERP's four digits; a problem when it has none. */
    public static String operation(Segment segment, B2mmlLayout layout, BiConsumer<String, String> problem) {
        String raw = text(segment.element(), layout.operationFrom());
        String mapped = raw == null ? null : layout.operationValues().getOrDefault(raw, raw);
        if (mapped == null || !mapped.matches("\\d{1,4}")) {
            problem.accept(layout.operationFrom(), raw == null ? "is missing (b2mml.yaml operation.from)"
                    : "'" + raw + "' is not an operation number (1 to 4 digits) and b2mml.yaml operation.values has no"
                            + " entry for it");
            return raw;
        }
        return "0".repeat(4 - mapped.length()) + mapped;
    }

    /**
     * The material actuals of a segment: V0600's MaterialProducedActual and MaterialConsumedActual, and MaterialActual
     * with MaterialUse Produced or Consumed. A MaterialActual of another use is reported, not skipped.
     */
    public static List<Actual> materials(Segment segment, BiConsumer<String, String> problem) {
        List<Actual> out = new ArrayList<>();
        int i = 0;
        for (Element e : children(segment.element(), "MaterialProducedActual")) {
            out.add(new Actual(e, true, segment.location() + "/MaterialProducedActual[" + (++i) + "]"));
        }
        i = 0;
        for (Element e : children(segment.element(), "MaterialConsumedActual")) {
            out.add(new Actual(e, false, segment.location() + "/MaterialConsumedActual[" + (++i) + "]"));
        }
        i = 0;
        for (Element e : children(segment.element(), "MaterialActual")) {
            String location = segment.location() + "/MaterialActual[" + (++i) + "]";
            String use = String.valueOf(text(e, "MaterialUse")).toLowerCase(Locale.ROOT);
            switch (use) {
                case "produced" -> out.add(new Actual(e, true, location));
                case "consumed" -> out.add(new Actual(e, false, location));
                default -> problem.accept("MaterialActual/MaterialUse", "'" + text(e, "MaterialUse") + "' at " + location
                        + " is neither Produced nor Consumed; the hub books no other material use");
            }
        }
        if (!children(segment.element(), "SegmentResponse").isEmpty()) {
            problem.accept("SegmentResponse/SegmentResponse", "nested segment responses are not read; report each"
                    + " operation as its own SegmentResponse");
        }
        return out;
    }

    /** The quantities of a produced material by meaning, with their unit; unknown keys and properties are problems. */
    public record Amounts(BigDecimal yield, BigDecimal scrap, BigDecimal rework, String unit) {
    }

    public static Amounts amounts(Element actual, B2mmlLayout layout, BiConsumer<String, String[]> problem) {
        BigDecimal yield = null;
        BigDecimal scrap = null;
        BigDecimal rework = null;
        String unit = null;
        for (Element q : children(actual, "Quantity")) {
            String key = text(q, "Key");
            B2mmlLayout.Meaning meaning = layout.quantityKey(key);
            if (meaning == null) {
                problem.accept("Quantity/Key", new String[] {key, "Quantity/Key '" + key + "' is not in b2mml.yaml"
                        + " quantity-keys (map it to yield, scrap, rework or ignore)"});
                continue;
            }
            String u = B2mml.unit(q, layout, problem);
            BigDecimal value = B2mml.quantity(q, problem);
            if (unit == null) {
                unit = u;
            } else if (u != null && !u.equals(unit)) {
                problem.accept("Quantity/UnitOfMeasure", new String[] {u, "differs from the first quantity's unit " + unit});
            }
            switch (meaning) {
                case YIELD -> yield = add(yield, value);
                case SCRAP -> scrap = add(scrap, value);
                case REWORK -> rework = add(rework, value);
                case IGNORE -> { }
            }
        }
        for (String propertyName : List.of("MaterialProducedActualProperty", "MaterialConsumedActualProperty",
                "MaterialActualProperty")) {
            for (Element property : children(actual, propertyName)) {
                String id = text(property, "ID");
                if (id != null && id.equals(layout.storageProperty())) {
                    continue;
                }
                B2mmlLayout.Meaning meaning = layout.property(id);
                if (meaning == null) {
                    problem.accept(propertyName + "/ID", new String[] {id, "property '" + id + "' is not in b2mml.yaml"
                            + " properties (map it to yield, scrap, rework or ignore)"});
                    continue;
                }
                if (meaning == B2mmlLayout.Meaning.IGNORE) {
                    continue;
                }
                Element q = first(property, "Quantity");
                BigDecimal value;
                if (q != null) {
                    value = B2mml.quantity(q, problem);
                    String u = B2mml.unit(q, layout, problem);
                    if (unit == null) {
                        unit = u;
                    } else if (u != null && !u.equals(unit)) {
                        problem.accept(propertyName + "/Quantity/UnitOfMeasure", new String[] {u,
                                "differs from the first quantity's unit " + unit});
                    }
                } else {
                    String raw = valueString(property);
                    value = parse(raw, propertyName + "/Value/ValueString", problem);
                }
                switch (meaning) {
                    case YIELD -> yield = add(yield, value);
                    case SCRAP -> scrap = add(scrap, value);
                    case REWORK -> rework = add(rework, value);
                    default -> { }
                }
            }
        }
        return new Amounts(yield, scrap, rework, unit);
    }

    /** The storage location of a material actual: its mapped property, V0700's StorageLocation, or the default. */
    public static String storageLocation(Element actual, B2mmlLayout layout) {
        if (layout.storageProperty() != null) {
            for (String propertyName : List.of("MaterialProducedActualProperty", "MaterialConsumedActualProperty",
                    "MaterialActualProperty")) {
                for (Element property : children(actual, propertyName)) {
                    if (layout.storageProperty().equals(text(property, "ID"))) {
                        String v = valueString(property);
                        if (v != null) {
                            return v;
                        }
                    }
                }
            }
        }
        Element storage = first(actual, "StorageLocation");
        if (storage != null) {
            String v = storage.getTextContent().trim();
            if (!v.isEmpty()) {
                return v;
            }
        }
        return layout.storageDefault();
    }

    private static String valueString(Element property) {
        Element value = first(property, "Value");
        return value == null ? null : text(value, "ValueString");
    }

    private static BigDecimal parse(String raw, String element, BiConsumer<String, String[]> problem) {
        if (raw == null) {
            problem.accept(element, new String[] {null, "is missing"});
            return null;
        }
        try {
            return Quantities.parse(raw, '.', null);
        } catch (IllegalArgumentException e) {
            problem.accept(element, new String[] {raw, e.getMessage()});
            return null;
        }
    }

    private static BigDecimal add(BigDecimal sum, BigDecimal value) {
        if (value == null) {
            return sum;
        }
        return sum == null ? value : sum.add(value);
    }
}

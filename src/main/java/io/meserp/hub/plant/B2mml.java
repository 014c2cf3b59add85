package io.meserp.hub.plant;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reading ISA-95 B2MML: namespace-agnostic element access and the quantity and unit rules (see {@link B2mmlPerformance}). */
public final class B2mml {

    private B2mml() {
    }

    public static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    public static Element first(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The trimmed text of the first child of that name, or null when absent or empty. */
    public static String text(Element parent, String localName) {
        Element e = first(parent, localName);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().trim();
        return t.isEmpty() ? null : t;
    }

    /** {@code Quantity/QuantityString} as a quantity; a problem (element, value, reason) when it is not one. */
    public static BigDecimal quantity(Element quantity, BiConsumer<String, String[]> problem) {
        String raw = text(quantity, "QuantityString");
        if (raw == null) {
            problem.accept("Quantity/QuantityString", new String[] {null, "is missing"});
            return null;
        }
        try {
            return Quantities.parse(raw, '.', null);
        } catch (IllegalArgumentException e) {
            problem.accept("Quantity/QuantityString", new String[] {raw, e.getMessage()});
            return null;
        }
    }

    /** {@code Quantity/UnitOfMeasure} as a UN/ECE code through the plant's unit map. */
    public static String unit(Element quantity, B2mmlLayout layout, BiConsumer<String, String[]> problem) {
        String raw = text(quantity, "UnitOfMeasure");
        if (raw == null) {
            problem.accept("Quantity/UnitOfMeasure", new String[] {null, "is missing"});
            return null;
        }
        String mapped = layout.units().getOrDefault(raw, raw);
        if (!mapped.matches("[A-Z0-9]{2,3}")) {
            problem.accept("Quantity/UnitOfMeasure", new String[] {raw,
                    "'" + raw + "' is not a UN/ECE unit code and the plant mapping has no entry for it"});
            return null;
        }
        return mapped;
    }
}

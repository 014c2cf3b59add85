package io.meserp.hub.plant;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reading ISA-95 B2MML: the hardened document, the namespace check, and namespace-agnostic element access. */
public final class B2mml {

    private B2mml() {
    }

    /** The root element, once the XML is parsed safely and its namespace and name are the expected ones. */
    public static Element root(byte[] content, B2mmlLayout layout, String expectedRoot) {
        Document doc = SafeXml.parse(content);
        Element root = doc.getDocumentElement();
        String ns = root.getNamespaceURI();
        if (ns == null || !layout.namespaces().contains(ns)) {
            throw new FileRejectedException("root element <" + root.getLocalName() + "> is in namespace '" + ns
                    + "', not one this plant sends " + layout.namespaces());
        }
        if (!expectedRoot.equals(root.getLocalName())) {
            throw new FileRejectedException("root element is <" + root.getLocalName() + ">, expected <" + expectedRoot + ">");
        }
        return root;
    }

    /**
     * A document that names its site ({@code HierarchyScope/EquipmentID} at the top) must name this inbox's ERP plant:
     * a file of another plant dropped here is refused rather than booked under the wrong plant.
     */
    public static void requireSite(Element root, String erpPlant) {
        Element scope = first(root, "HierarchyScope");
        String site = scope == null ? null : text(scope, "EquipmentID");
        if (site != null && !site.isBlank() && !site.trim().equals(erpPlant)) {
            throw new FileRejectedException("document is for plant '" + site.trim() + "' (HierarchyScope/EquipmentID),"
                    + " but was dropped in the inbox of ERP plant " + erpPlant);
        }
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

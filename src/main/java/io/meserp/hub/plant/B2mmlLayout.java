package io.meserp.hub.plant;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A plant's B2MML mapping (b2mml.yaml): which namespaces it sends, which site ids stand for its ERP plant, where the
 * operation, scrap, rework and storage location are carried, how its unit codes and batch ids become the ERP's, and
 * which goods movements its material actuals mean. Every element the hub reads that a plant may carry differently is
 * named here; docs/b2mml-profile.md lists the defaults.
 */
public record B2mmlLayout(
        List<String> namespaces,
        Map<String, String> units,
        /* HierarchyScope/EquipmentID values that mean this plant; empty: the ERP plant code itself. */
        List<String> sites,
        /* The SegmentResponse child that carries the operation: ProcessSegmentID (default), ID, OperationsSegmentID, ... */
        String operationFrom,
        /* Plant operation ids -> ERP operation numbers (ASSEMBLY -> 0010); ids not listed must be 1-4 digits. */
        Map<String, String> operationValues,
        /* Quantity/Key (lower case; "" for none) -> yield, scrap, rework or ignore. */
        Map<String, String> quantityKeys,
        /* Material actual property ID (lower case) -> yield, scrap, rework or ignore. */
        Map<String, String> properties,
        /* Material actual property ID that carries the storage location, if any. */
        String storageProperty,
        /* Storage location when the document carries none; null for none. */
        String storageDefault,
        /* Batch ids: rewritten by pattern/replacement when set, then checked against maxLength. */
        Pattern batchPattern,
        String batchReplacement,
        int batchMaxLength,
        /* Movement type for consumed material (261) and produced material (101); "none": not booked. */
        String consumedMovement,
        String producedMovement) {

    /** What a quantity or property means for a confirmation. */
    public enum Meaning { YIELD, SCRAP, REWORK, IGNORE }

    public static final Map<String, String> DEFAULT_QUANTITY_KEYS = Map.of("", "yield", "yield", "yield", "good", "yield",
            "scrap", "scrap", "rework", "rework");
    public static final Map<String, String> DEFAULT_PROPERTIES = Map.of("scrapquantity", "scrap", "scrap", "scrap",
            "reworkquantity", "rework", "rework", "rework");
    public static final int DEFAULT_BATCH_MAX_LENGTH = 10;

    /** A mapping with every default: the two namespaces, the given units, the ERP plant as the only site. */
    public static B2mmlLayout defaults(List<String> namespaces, Map<String, String> units) {
        return new B2mmlLayout(namespaces, units, List.of(), "ProcessSegmentID", Map.of(), DEFAULT_QUANTITY_KEYS,
                DEFAULT_PROPERTIES, null, null, null, null, DEFAULT_BATCH_MAX_LENGTH, "261", "101");
    }

    /** The meaning of a Quantity/Key, or null when the mapping does not know it. */
    public Meaning quantityKey(String key) {
        return meaning(quantityKeys.get(key == null ? "" : key.toLowerCase(Locale.ROOT)));
    }

    /** The meaning of a material actual property ID, or null when the mapping does not know it. */
    public Meaning property(String id) {
        return meaning(properties.get(id == null ? "" : id.toLowerCase(Locale.ROOT)));
    }

    /** Whether a HierarchyScope/EquipmentID names this plant. */
    public boolean isSite(String site, String erpPlant) {
        return sites.isEmpty() ? site.equals(erpPlant) : sites.contains(site);
    }

    private static Meaning meaning(String value) {
        return value == null ? null : Meaning.valueOf(value.toUpperCase(Locale.ROOT));
    }
}

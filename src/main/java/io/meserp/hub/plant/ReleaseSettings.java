package io.meserp.hub.plant;

import java.util.List;


/**
 * How a plant receives released orders (the {@code release:} section of its plant.yaml): as B2MML
 * ProcessProductionSchedule in the V0600 or V0700 namespace, or in its CSV layout; into its outbox folder or onto
 * a JMS queue; and which order types skip the component availability check.
 */
public record ReleaseSettings(Format format, String namespace, Channel channel, String queue, CsvLayout csv,
        List<String> uncheckedOrderTypes) {

    public enum Format { B2MML, CSV }

    public enum Channel { FILE, JMS }

    public static final String V0600 = "http://www.mesa.org/xml/B2MML-V0600";
    public static final String V0700 = "http://www.mesa.org/xml/B2MML";

    /** The namespace of a B2MML version name as plant.yaml writes it (V0600, V0700). */
    public static String namespaceOf(String version) {
        return switch (version.toUpperCase()) {
            case "V0600" -> V0600;
            case "V0700" -> V0700;
            default -> throw new IllegalArgumentException("unknown B2MML version '" + version + "' (V0600 or V0700)");
        };
    }
}

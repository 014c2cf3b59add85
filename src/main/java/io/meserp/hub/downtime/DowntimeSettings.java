package io.meserp.hub.downtime;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.plant.PlantRegistry;
import io.meserp.hub.plant.PlantSection;

/**
 * A plant's {@code downtime:} section: which downtime reasons are breakdowns (they open a maintenance notification of
 * {@code notificationType} with {@code priority} and {@code codeGroup}); every other reason is only counted.
 */
public record DowntimeSettings(List<String> breakdownReasons, String notificationType, String priority, String codeGroup) {

    public static final DowntimeSettings NONE = new DowntimeSettings(List.of(), "M2", "2", null);

    public static final PlantSection<DowntimeSettings> SECTION = PlantSection.of("downtime", DowntimeSettings::read);

    /** The section as plant.yaml gives it (a missing node: the defaults). */
    static DowntimeSettings read(JsonNode d, Path file) {
        if (d.isMissingNode() || d.isNull()) {
            return NONE;
        }
        String group = d.path("code-group").asText("");
        return new DowntimeSettings(PlantRegistry.list(d.path("breakdown-reasons"), List.of()),
                d.path("notification-type").asText("M2"), d.path("priority").asText("2"), group.isEmpty() ? null : group);
    }

    public boolean isBreakdown(String reason) {
        return breakdownReasons.contains(reason);
    }
}

package io.meserp.hub.plant;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The workflow settings a plant.yaml may give, read and checked: confirmation aggregation, what a quality problem does
 * (notification type, hold status, scrap rules) and which downtime reasons are breakdowns.
 */
final class WorkflowSettings {

    private WorkflowSettings() {
    }

    static PlantDefinition.Aggregation aggregation(JsonNode a, Path file) {
        if (a.isMissingNode() || a.isNull()) {
            return null;
        }
        int count = a.path("count").asInt(0);
        int seconds = a.path("seconds").asInt(0);
        if (count < 2 || seconds < 1) {
            throw PlantRegistry.invalid(file, "confirmation-aggregation", "needs count of at least 2 and seconds of at least 1");
        }
        return new PlantDefinition.Aggregation(count, seconds);
    }

    static PlantDefinition.Quality quality(JsonNode q, Path file) {
        if (q.isMissingNode() || q.isNull()) {
            return PlantDefinition.Quality.DEFAULT;
        }
        List<PlantDefinition.ScrapRule> rules = new ArrayList<>();
        for (JsonNode r : q.path("scrap-rules")) {
            java.math.BigDecimal share = r.hasNonNull("share") ? new java.math.BigDecimal(r.path("share").asText()) : null;
            java.math.BigDecimal absolute = r.hasNonNull("absolute") ? new java.math.BigDecimal(r.path("absolute").asText()) : null;
            if (share == null && absolute == null) {
                throw PlantRegistry.invalid(file, "quality.scrap-rules", "a rule needs share or absolute");
            }
            if (share != null && (share.signum() <= 0 || share.compareTo(java.math.BigDecimal.ONE) > 0)) {
                throw PlantRegistry.invalid(file, "quality.scrap-rules.share", "must be above 0 and at most 1 (0.05 = 5 %)");
            }
            rules.add(new PlantDefinition.ScrapRule(r.path("material").asText("*"), share, absolute));
        }
        return new PlantDefinition.Quality(q.path("notification-type").asText("Q3"), q.path("hold-status").asText("HOLD"),
                List.copyOf(rules));
    }

    static PlantDefinition.Downtime downtime(JsonNode d) {
        if (d.isMissingNode() || d.isNull()) {
            return PlantDefinition.Downtime.NONE;
        }
        String group = d.path("code-group").asText("");
        return new PlantDefinition.Downtime(PlantRegistry.list(d.path("breakdown-reasons"), List.of()),
                d.path("notification-type").asText("M2"), d.path("priority").asText("2"), group.isEmpty() ? null : group);
    }
}

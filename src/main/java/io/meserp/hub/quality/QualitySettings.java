package io.meserp.hub.quality;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.meserp.hub.plant.PlantRegistry;
import io.meserp.hub.plant.PlantSection;

/**
 * A plant's {@code quality:} section: what a failed inspection or a nonconformance does (quality notification of
 * {@code notificationType}, status {@code holdStatus} on the order), and the scrap rules checked on every confirmation:
 * for a material ("*" for any), alert once per order when its scrap exceeds {@code share} of the order quantity or
 * {@code absolute} (either one that is set).
 */
public record QualitySettings(String notificationType, String holdStatus, List<ScrapRule> scrapRules) {

    public static final QualitySettings DEFAULT = new QualitySettings("Q3", "HOLD", List.of());

    public static final PlantSection<QualitySettings> SECTION = PlantSection.of("quality", QualitySettings::read);

    /** The section as plant.yaml gives it (a missing node: the defaults). */
    static QualitySettings read(JsonNode q, Path file) {
        if (q.isMissingNode() || q.isNull()) {
            return DEFAULT;
        }
        List<ScrapRule> rules = new ArrayList<>();
        for (JsonNode r : q.path("scrap-rules")) {
            BigDecimal share = r.hasNonNull("share") ? new BigDecimal(r.path("share").asText()) : null;
            BigDecimal absolute = r.hasNonNull("absolute") ? new BigDecimal(r.path("absolute").asText()) : null;
            if (share == null && absolute == null) {
                throw PlantRegistry.invalid(file, "quality.scrap-rules", "a rule needs share or absolute");
            }
            if (share != null && (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0)) {
                throw PlantRegistry.invalid(file, "quality.scrap-rules.share", "must be above 0 and at most 1 (0.05 = 5 %)");
            }
            rules.add(new ScrapRule(r.path("material").asText("*"), share, absolute));
        }
        return new QualitySettings(q.path("notification-type").asText("Q3"), q.path("hold-status").asText("HOLD"),
                List.copyOf(rules));
    }

    public record ScrapRule(String material, BigDecimal share, BigDecimal absolute) {

        public boolean appliesTo(String orderMaterial) {
            return "*".equals(material) || material.equals(orderMaterial);
        }

        /** The scrap above which the rule fires for an order of this quantity. */
        public BigDecimal threshold(BigDecimal orderQuantity) {
            BigDecimal byShare = share == null ? null : share.multiply(orderQuantity);
            if (byShare == null) {
                return absolute;
            }
            return absolute == null ? byShare : byShare.min(absolute);
        }

        public String describe() {
            return (share == null ? "" : share.movePointRight(2).stripTrailingZeros().toPlainString() + " % of the order quantity")
                    + (share != null && absolute != null ? " or " : "")
                    + (absolute == null ? "" : absolute.stripTrailingZeros().toPlainString() + " absolute");
        }
    }
}

package io.meserp.hub.quality;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload {@code quality-event/v1}: an inspection result with its characteristic values, or a nonconformance
 * (defect code, quantity). {@code passed} is false when any value is outside its limits, and always for a
 * nonconformance.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualityEvent(
        String kind,
        String plant,
        String order,
        String operation,
        String material,
        String batch,
        String inspection,
        OffsetDateTime time,
        List<Result> results,
        Defect defect,
        boolean passed,
        String mesEventId) {

    public static final String INSPECTION = "inspection-result";
    public static final String NONCONFORMANCE = "nonconformance";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String characteristic, BigDecimal value, String unit, BigDecimal lowerLimit,
            BigDecimal upperLimit, boolean passed) {

        static Result of(String characteristic, BigDecimal value, String unit, BigDecimal lower, BigDecimal upper) {
            boolean inside = (lower == null || value.compareTo(lower) >= 0) && (upper == null || value.compareTo(upper) <= 0);
            return new Result(characteristic, value, unit, lower, upper, inside);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Defect(String code, BigDecimal quantity, String unit, String text) {
    }

    /** One line for exception lists and the quality platform. */
    public String summary() {
        if (NONCONFORMANCE.equals(kind)) {
            return "nonconformance " + defect.code() + (defect.quantity() == null ? ""
                    : " (" + defect.quantity().stripTrailingZeros().toPlainString() + " " + defect.unit() + ")")
                    + (defect.text() == null ? "" : ": " + defect.text());
        }
        List<String> failed = results.stream().filter(r -> !r.passed())
                .map(r -> r.characteristic() + " " + r.value().toPlainString() + (r.unit() == null ? "" : " " + r.unit())
                        + " outside [" + (r.lowerLimit() == null ? "" : r.lowerLimit().toPlainString()) + ", "
                        + (r.upperLimit() == null ? "" : r.upperLimit().toPlainString()) + "]").toList();
        return failed.isEmpty() ? "inspection " + inspection + " passed (" + results.size() + " characteristics)"
                : "inspection " + inspection + " failed: " + String.join("; ", failed);
    }
}

package io.meserp.hub.confirmation;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload {@code production-confirmation/v1}: what a plant reports for one operation of a production order.
 * Quantities are in {@code unit} (a UN/ECE Recommendation 20 code); times carry their offset.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductionConfirmation(
        String order,
        String operation,
        String plant,
        String workCenter,
        BigDecimal yield,
        BigDecimal scrap,
        BigDecimal rework,
        String unit,
        boolean finalConfirmation,
        OffsetDateTime executionStart,
        OffsetDateTime executionEnd,
        String personnel,
        String varianceReason,
        String mesEventId) {
}

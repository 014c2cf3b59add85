package io.meserp.hub.downtime;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Payload {@code downtime-event/v1}: a piece of equipment stood still from start to end, for a reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DowntimeEvent(
        String plant,
        String equipment,
        String workCenter,
        OffsetDateTime start,
        OffsetDateTime end,
        BigDecimal minutes,
        String reasonCode,
        String reasonText,
        String order,
        String mesEventId) {
}

package io.meserp.hub.movement;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload {@code material-movement/v1}: a component consumed by a production order (movement type 261) or
 * a product received from it (101), with batch and storage location when the plant knows them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MaterialMovement(
        String order,
        String plant,
        String movementType,
        String material,
        String storageLocation,
        String batch,
        BigDecimal quantity,
        String unit,
        OffsetDateTime postingTime,
        String reservation,
        String reservationItem,
        Boolean finalIssue,
        String mesEventId) {

    public static final String GOODS_ISSUE = "261";
    public static final String GOODS_RECEIPT = "101";
}

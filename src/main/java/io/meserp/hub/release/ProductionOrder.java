package io.meserp.hub.release;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload {@code production-order/v1}: a released production order as a plant needs it, with its routing
 * (operations) and components. Times carry the plant's offset; units are UN/ECE codes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductionOrder(
        String order,
        String plant,
        String hubPlant,
        String orderType,
        String material,
        BigDecimal quantity,
        String unit,
        OffsetDateTime plannedStart,
        OffsetDateTime plannedEnd,
        String changeStamp,
        List<Operation> operations,
        List<Component> components) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Operation(String operation, String workCenter, String text, BigDecimal quantity, String unit) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Component(String reservation, String reservationItem, String operation, String material,
            String storageLocation, String batch, BigDecimal quantity, String unit) {
    }

    /** What the plant acts on: everything but the change stamp. Two versions with equal content need no update. */
    public ProductionOrder content() {
        return new ProductionOrder(order, plant, hubPlant, orderType, material, quantity.stripTrailingZeros(), unit,
                plannedStart.toInstant().atOffset(java.time.ZoneOffset.UTC),
                plannedEnd.toInstant().atOffset(java.time.ZoneOffset.UTC), null,
                operations.stream().map(o -> new Operation(o.operation(), o.workCenter(), o.text(),
                        o.quantity() == null ? null : o.quantity().stripTrailingZeros(), o.unit())).toList(),
                components.stream().map(c -> new Component(c.reservation(), c.reservationItem(), c.operation(),
                        c.material(), c.storageLocation(), c.batch(), c.quantity().stripTrailingZeros(), c.unit())).toList());
    }
}

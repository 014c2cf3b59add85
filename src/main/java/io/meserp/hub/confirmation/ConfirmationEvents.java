package io.meserp.hub.confirmation;

import java.math.BigDecimal;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.EventIds;
import io.meserp.hub.event.EventType;
import org.springframework.stereotype.Component;

/**
 * Wraps confirmations in their CloudEvents envelope. The id is the MES's own event id, scoped by order and
 * operation, when the plant sends one (a B2MML SegmentResponse/ID is unique only within its parent, and a MES that
 * numbers per order reuses ids); otherwise a hash of the fields that identify the fact, so a re-sent fact keeps its
 * id. An id that comes back with another fact is refused by the intake, never taken as a duplicate.
 */
@Component
public class ConfirmationEvents {

    private final ObjectMapper mapper;

    public ConfirmationEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public CloudEvent toEvent(String plantId, ProductionConfirmation c) {
        return CloudEvent.of(EventType.PRODUCTION_CONFIRMATION_V1, id(plantId, c), "mes://" + plantId, c.order(),
                c.executionEnd(), mapper.valueToTree(c));
    }

    static String id(String plantId, ProductionConfirmation c) {
        if (c.mesEventId() != null) {
            return EventIds.of("mes", plantId, "confirmation", c.order(), c.operation(), c.mesEventId());
        }
        return EventIds.of("fact", plantId, "confirmation", c.order(), c.operation(),
                Objects.toString(c.workCenter(), ""),
                c.executionStart() == null ? "" : c.executionStart().toInstant().toString(),
                c.executionEnd().toInstant().toString(),
                plain(c.yield()), plain(c.scrap()), plain(c.rework()), c.unit(),
                Boolean.toString(c.finalConfirmation()), Objects.toString(c.personnel(), ""),
                Objects.toString(c.varianceReason(), ""));
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}

package io.meserp.hub.movement;

import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.EventIds;
import io.meserp.hub.event.EventType;
import org.springframework.stereotype.Component;

/**
 * Wraps material movements in their CloudEvents envelope, with a deterministic id as for confirmations: the MES's id
 * scoped by order, movement type and material, or a hash of the fact's fields.
 */
@Component
public class MovementEvents {

    private final ObjectMapper mapper;

    public MovementEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public CloudEvent toEvent(String plantId, MaterialMovement m) {
        return CloudEvent.of(EventType.MATERIAL_MOVEMENT_V1, id(plantId, m), "mes://" + plantId, m.order(),
                m.postingTime(), mapper.valueToTree(m));
    }

    static String id(String plantId, MaterialMovement m) {
        if (m.mesEventId() != null) {
            return EventIds.of("mes", plantId, "movement", Objects.toString(m.order(), ""), m.movementType(),
                    m.material(), m.mesEventId());
        }
        return EventIds.of("fact", plantId, "movement", m.order(), m.movementType(), m.material(),
                Objects.toString(m.storageLocation(), ""), Objects.toString(m.batch(), ""),
                m.quantity().stripTrailingZeros().toPlainString(), m.unit(), m.postingTime().toInstant().toString(),
                Objects.toString(m.reservation(), ""), Objects.toString(m.reservationItem(), ""));
    }
}

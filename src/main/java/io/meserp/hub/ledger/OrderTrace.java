package io.meserp.hub.ledger;

import java.time.OffsetDateTime;
import java.util.List;

/** A production order's life in the hub: the timeline, its events' current state, and its exceptions. */
public record OrderTrace(String order, List<Entry> timeline, List<EventRecord> events, List<Problem> exceptions) {

    /** One step; {@code instance} is the hub that did it (hub.cluster.instance-id), where the ledger knows it. */
    public record Entry(OffsetDateTime at, String eventId, String flow, String plant, String step, String detail,
            String instance) {
    }

    public record Problem(long id, String eventId, String flow, String plant, String origin, String source,
            String reason, String status, int attempts, OffsetDateTime createdAt) {
    }
}

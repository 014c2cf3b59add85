package io.meserp.hub.ledger;

import java.time.Duration;
import java.time.OffsetDateTime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * What the ledger counts as it goes, for {@code /actuator/prometheus}: end-to-end latency from the MES event time to
 * the ERP booking (a histogram per flow and plant), events by outcome, and how long failed events took to recover.
 */
@Component
public class LedgerMetrics {

    private static final Duration[] LATENCY_SLOS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(8)};

    private final MeterRegistry registry;

    public LedgerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An event reached its target; {@code local} when the hub only recorded it (nothing to send). */
    void posted(String flow, String plant, OffsetDateTime eventTime, OffsetDateTime firstFailedAt, OffsetDateTime postedAt,
            boolean local) {
        outcome(flow, plant, local ? "recorded" : "posted").increment();
        if (!local && eventTime != null) {
            Duration latency = Duration.between(eventTime, postedAt);
            Timer.builder("hub.sync.latency")
                    .description("From the MES event time to the ERP booking (for releases: ERP change to plant delivery)")
                    .tags("flow", flow, "plant", plant)
                    .publishPercentileHistogram()
                    .serviceLevelObjectives(LATENCY_SLOS)
                    .minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofDays(1))
                    .register(registry)
                    .record(latency.isNegative() ? Duration.ZERO : latency);
        }
        if (firstFailedAt != null) {
            Timer.builder("hub.recovery.time")
                    .description("From an event's first failure to its booking")
                    .tags("flow", flow, "plant", plant)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(100))
                    .maximumExpectedValue(Duration.ofDays(2))
                    .register(registry)
                    .record(Duration.between(firstFailedAt, postedAt));
        }
    }

    void exception(String flow, String plant) {
        outcome(flow, plant, "exception").increment();
    }

    /** Operator actions on exceptions (replayed, discarded), by flow and plant. */
    public void action(String flow, String plant, String action) {
        outcome(flow, plant, action).increment();
    }

    private Counter outcome(String flow, String plant, String outcome) {
        return Counter.builder("hub.events").description("Events by outcome")
                .tags("flow", flow == null ? "unknown" : flow, "plant", plant == null ? "unknown" : plant, "outcome", outcome)
                .register(registry);
    }
}

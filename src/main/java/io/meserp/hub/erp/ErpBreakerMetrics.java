package io.meserp.hub.erp;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ERP circuit breaker on {@code /actuator/prometheus}: its state ({@code hub_erp_breaker_state}: 0 closed, 1 open,
 * 2 half-open) and its transitions ({@code hub_erp_breaker_transitions_total{to=...}}), and each transition in the log.
 */
@Component
class ErpBreakerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ErpBreakerMetrics.class);

    ErpBreakerMetrics(ErpGuard guard, MeterRegistry registry) {
        CircuitBreaker breaker = guard.breaker();
        Gauge.builder("hub.erp.breaker.state", breaker, b -> switch (b.getState()) {
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 0;
        }).description("ERP circuit breaker: 0 closed, 1 open, 2 half-open").register(registry);
        breaker.getEventPublisher().onStateTransition(event -> {
            Counter.builder("hub.erp.breaker.transitions").tag("to", event.getStateTransition().getToState().name())
                    .description("ERP circuit breaker state changes").register(registry).increment();
            LOG.warn("ERP circuit breaker {}", event.getStateTransition());
        });
    }
}

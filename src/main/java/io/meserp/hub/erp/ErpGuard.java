package io.meserp.hub.erp;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.meserp.hub.config.HubProperties;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Runs ERP calls behind one Resilience4j circuit breaker ({@code erp}). Only failures that mean the ERP is in
 * trouble count against it; a rejection (4xx) is a healthy ERP saying no. While the breaker is open calls fail
 * at once and the route's backoff spaces the retries. A {@code 429 Retry-After} becomes the next redelivery's
 * delay.
 */
@Component
public class ErpGuard {

    private final CircuitBreaker breaker;

    public ErpGuard(HubProperties properties) {
        HubProperties.Breaker b = properties.erp().breaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(b.failureRateThreshold())
                .slidingWindowSize(b.slidingWindowSize())
                .minimumNumberOfCalls(b.minimumNumberOfCalls())
                .waitDurationInOpenState(b.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(b.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordExceptions(ErpRetryableException.class)
                .ignoreExceptions(ErpRejectedException.class)
                .build();
        this.breaker = CircuitBreaker.of("erp", config);
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public <T> T call(Exchange exchange, Supplier<T> call) {
        return call(exchange, call, () -> false);
    }

    /**
     * As {@link #call(Exchange, Supplier)}; when {@code erpAnswered} says the ERP already answered a read in this call,
     * an internal error (500) on the write is the ERP failing on this one request, not the ERP being down: the breaker
     * does not count it, so one poison message cannot keep opening the breaker for everyone. Without an
     * {@code exchange} (a call for one event of a batch) a {@code Retry-After} is not passed on.
     */
    public <T> T call(Exchange exchange, Supplier<T> call, java.util.function.BooleanSupplier erpAnswered) {
        if (!breaker.tryAcquirePermission()) {
            throw new ErpUnavailableException("ERP calls paused: circuit breaker 'erp' is " + breaker.getState());
        }
        long start = System.nanoTime();
        try {
            T result = call.get();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (exchange != null) {
                exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
            }
            return result;
        } catch (ErpRetryableException e) {
            if (e instanceof ErpServerErrorException && erpAnswered.getAsBoolean()) {
                breaker.releasePermission();
            } else {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            }
            if (exchange == null) {
                throw e;
            }
            if (e.retryAfter() != null) {
                exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, e.retryAfter().toMillis());
            } else {
                exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
            }
            throw e;
        } catch (RuntimeException e) {
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw e;
        }
    }
}

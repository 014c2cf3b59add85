package io.meserp.hub.sandbox;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The faults the sandbox is told to inject (admin API, docs/sandbox.md). Rates are shares between 0 and 1 of
 * the requests they apply to; all are off by default.
 */
@Component
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
public class SandboxFaults {

    /**
     * Current settings; {@code commitThenTimeoutRate} books the request and then never answers;
     * {@code shortDumpOrders}: every confirmation for these production orders fails with a 500 (as a damaged order
     * makes the ERP dump on each try), while the rest of the ERP works.
     */
    public record Settings(boolean outage, long latencyMs, long jitterMs, double errorRate,
            double tooManyRequestsRate, long retryAfterSeconds, double commitThenTimeoutRate,
            java.util.List<String> shortDumpOrders) {

        public static final Settings NONE = new Settings(false, 0, 0, 0, 0, 1, 0, java.util.List.of());

        public Settings {
            shortDumpOrders = shortDumpOrders == null ? java.util.List.of() : java.util.List.copyOf(shortDumpOrders);
        }

        Settings checked() {
            for (double rate : new double[] {errorRate, tooManyRequestsRate, commitThenTimeoutRate}) {
                if (rate < 0 || rate > 1) {
                    throw new IllegalArgumentException("rates must be between 0 and 1, got " + rate);
                }
            }
            if (latencyMs < 0 || jitterMs < 0 || retryAfterSeconds < 0) {
                throw new IllegalArgumentException("latencyMs, jitterMs and retryAfterSeconds must not be negative");
            }
            return this;
        }
    }

    private final AtomicReference<Settings> settings = new AtomicReference<>(Settings.NONE);

    public Settings get() {
        return settings.get();
    }

    public Settings set(Settings next) {
        settings.set(next.checked());
        return next;
    }

    public void reset() {
        settings.set(Settings.NONE);
    }

    /**
     * The answer to a write that was booked: given at once, or, when commit-then-timeout strikes, only after
     * {@code hang} (the caller has given up by then and never hears that it was booked).
     */
    <T> org.springframework.web.context.request.async.DeferredResult<org.springframework.http.ResponseEntity<T>> answer(
            org.springframework.http.ResponseEntity<T> booked, java.time.Duration hang) {
        var result = new org.springframework.web.context.request.async.DeferredResult<org.springframework.http.ResponseEntity<T>>(
                hang.toMillis());
        if (roll(settings.get().commitThenTimeoutRate())) {
            result.onTimeout(() -> result.setErrorResult(org.springframework.http.ResponseEntity
                    .status(org.springframework.http.HttpStatus.GATEWAY_TIMEOUT).build()));
        } else {
            result.setResult(booked);
        }
        return result;
    }

    static boolean roll(double rate) {
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }

    long delayMs() {
        Settings s = settings.get();
        return s.latencyMs() + (s.jitterMs() > 0 ? ThreadLocalRandom.current().nextLong(s.jitterMs() + 1) : 0);
    }
}

package io.meserp.hub.erp;

import java.nio.file.Path;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.meserp.hub.config.HubProperties;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErpGuardTest {

    private final ErpGuard guard = new ErpGuard(new HubProperties(Path.of("target"), Path.of("."), null, null, null,
            new HubProperties.Erp("http://erp", "u", "p", Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
                    new HubProperties.Retry(-1, 100, 2, 1000),
                    new HubProperties.Breaker(50, 4, 4, Duration.ofMinutes(1), 1), new HubProperties.Poison(10, false), java.time.Duration.ofSeconds(1),
                    new HubProperties.Batch(java.util.List.of(), 1, 1), new HubProperties.Delivery(50, 16)), null, null, null));
    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());

    @Test
    void retryAfterBecomesTheNextRedeliveryDelay() {
        assertThatThrownBy(() -> guard.call(exchange, () -> {
            throw new ErpUnavailableException("busy", Duration.ofSeconds(7), null);
        })).isInstanceOf(ErpUnavailableException.class);
        assertThat(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY, Long.class)).isEqualTo(7000L);
        assertThat(guard.call(exchange, () -> "ok")).isEqualTo("ok");
        assertThat(exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY)).isNull();
    }

    @Test
    void rejectionsDoNotOpenTheBreakerButOutagesDo() {
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> guard.call(exchange, () -> {
                throw new ErpRejectedException(400, "no");
            })).isInstanceOf(ErpRejectedException.class);
        }
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        // two timeouts in the last four calls reach the 50 % threshold
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> guard.call(exchange, () -> {
                throw new ErpAmbiguousException("timeout", null);
            })).isInstanceOf(ErpAmbiguousException.class);
        }
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> guard.call(exchange, () -> "never called"))
                .isInstanceOf(ErpUnavailableException.class).hasMessageContaining("circuit breaker 'erp' is OPEN");
    }

    @Test
    void aServerErrorAfterTheErpAnsweredIsAboutTheEventNotTheErp() {
        // one poison message failing again and again must not open the breaker for everyone
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> guard.call(exchange, () -> {
                throw new ErpServerErrorException("HTTP 500: runtime error in the backend", null);
            }, () -> true)).isInstanceOf(ErpServerErrorException.class);
        }
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        // without an answer first, 500s are the ERP failing: they count
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> guard.call(exchange, () -> {
                throw new ErpServerErrorException("HTTP 500", null);
            })).isInstanceOf(ErpServerErrorException.class);
        }
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}

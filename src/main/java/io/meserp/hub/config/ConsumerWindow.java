package io.meserp.hub.config;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A small client-side prefetch ({@code hub.broker.consumer-window-size}, Artemis consumerWindowSize), embedded or
 * remote broker. With Artemis' default of 1 MB, the first consumer to connect after a start or a crash takes a window
 * full of messages and with them most production-order groups (JMSXGroupID), so one consumer would post for all orders
 * while the others idle. With no prefetch at all (0), a grouped message whose consumer is busy stops the broker from
 * handing later messages to the idle consumers, so only a few orders are posted at a time under a backlog (25
 * confirmations/s against 90/s at 64 KB with a slow, flaky ERP; docs/reliability.md).
 */
@Configuration(proxyBeanMethods = false)
class ConsumerWindow {

    @Bean
    static BeanPostProcessor noPrefetch(@Value("${hub.broker.consumer-window-size:65536}") int windowSize) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                Object target = bean instanceof JmsPoolConnectionFactory pool ? pool.getConnectionFactory() : bean;
                if (target instanceof ActiveMQConnectionFactory artemis) {
                    artemis.setConsumerWindowSize(windowSize);
                }
                return bean;
            }
        };
    }
}

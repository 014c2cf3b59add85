package io.meserp.hub.config;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * No client-side prefetch (consumer window 0), embedded or remote broker. With a prefetch, the first consumer to
 * connect after a start or a crash takes a window full of messages and with them every production-order group
 * (JMSXGroupID) at once, so one consumer would post for all orders while the others idle. Without it each consumer
 * asks for one message at a time and the order groups spread over all of them, still one order at a time each.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerWindow {

    @Bean
    static BeanPostProcessor noPrefetch() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                Object target = bean instanceof JmsPoolConnectionFactory pool ? pool.getConnectionFactory() : bean;
                if (target instanceof ActiveMQConnectionFactory artemis) {
                    artemis.setConsumerWindowSize(0);
                }
                return bean;
            }
        };
    }
}

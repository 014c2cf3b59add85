package io.meserp.hub.support;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static io.meserp.hub.support.Proxies.invoke;
import static io.meserp.hub.support.Proxies.proxy;

/**
 * Fault injection for replay tests: wraps the hub's JMS connection factory so that, when armed, the commit of a
 * transacted session that produced to a given queue fails as a broker outage would, after the hub did everything
 * before it. Disarmed, it only passes calls through.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FailingCommits {

    private static final AtomicInteger REMAINING = new AtomicInteger();
    private static final AtomicInteger SKIP = new AtomicInteger();
    private static volatile String queue;

    /** The next {@code failures} commits of sessions that sent to {@code target}, after {@code skip} that succeed, fail. */
    public static void arm(String target, int skip, int failures) {
        queue = target;
        SKIP.set(skip);
        REMAINING.set(failures);
    }

    public static void disarm() {
        REMAINING.set(0);
    }

    @Bean
    static BeanPostProcessor failingCommitsWrapper() {
        return Proxies.wrapping(ConnectionFactory.class, factory -> proxy(ConnectionFactory.class, factory, (target, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection c ? connection(c) : result;
        }));
    }

    private static Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Session s ? session(s) : result;
        });
    }

    private static Session session(Session session) {
        boolean[] sentToTarget = {false};
        return proxy(Session.class, session, (target, method, args) -> {
            if (method.getName().equals("createProducer") && args != null && args[0] instanceof Queue q
                    && q.getQueueName().equals(queue)) {
                sentToTarget[0] = true;
            }
            if (method.getName().equals("commit") && sentToTarget[0] && REMAINING.get() > 0) {
                if (SKIP.getAndDecrement() <= 0 && REMAINING.getAndDecrement() > 0) {
                    sentToTarget[0] = false;
                    throw new JMSException("injected: broker unreachable at commit");
                }
            }
            if (method.getName().equals("commit") || method.getName().equals("rollback")) {
                sentToTarget[0] = false;
            }
            return invoke(target, method, args);
        });
    }
}

package io.meserp.hub.support;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static io.meserp.hub.support.Proxies.invoke;
import static io.meserp.hub.support.Proxies.proxy;

/**
 * Fault injection for the hub's database: wraps its data source so that, when armed, the next statements whose SQL holds
 * a given text fail as a connection lost to the database would (a stale pooled connection after a database restart),
 * when prepared. Disarmed, it only passes calls through.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FailingStatements {

    private static final AtomicInteger REMAINING = new AtomicInteger();
    private static volatile String sqlPart;
    private static volatile Runnable onFailure = () -> { };
    private static final AtomicReference<String> FAILED_ON = new AtomicReference<>();

    /**
     * The next {@code failures} statements holding {@code part} fail; {@code then} runs at each failure, before the
     * exception is thrown.
     */
    public static void arm(String part, int failures, Runnable then) {
        sqlPart = part;
        onFailure = then;
        FAILED_ON.set(null);
        REMAINING.set(failures);
    }

    public static void disarm() {
        REMAINING.set(0);
    }

    /** The thread the last injected failure happened on; null while none has. */
    public static String failedOn() {
        return FAILED_ON.get();
    }

    @Bean
    static BeanPostProcessor failingStatementsWrapper() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof DataSource source && !(bean instanceof Proxy)) {
                    return proxy(DataSource.class, source, (target, method, args) -> {
                        Object result = invoke(target, method, args);
                        return result instanceof Connection c ? connection(c) : result;
                    });
                }
                return bean;
            }
        };
    }

    private static Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql
                    && REMAINING.get() > 0 && sqlPart != null && sql.contains(sqlPart) && REMAINING.getAndDecrement() > 0) {
                FAILED_ON.set(Thread.currentThread().getName());
                onFailure.run();
                throw new SQLTransientConnectionException("injected: connection to the database lost", "08006");
            }
            return invoke(target, method, args);
        });
    }
}

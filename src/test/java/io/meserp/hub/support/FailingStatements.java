package io.meserp.hub.support;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;

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
    private static final java.util.concurrent.atomic.AtomicBoolean FAILED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * The next {@code failures} statements holding {@code part} fail; {@code then} runs at each failure, before the
     * exception is thrown.
     */
    public static void arm(String part, int failures, Runnable then) {
        sqlPart = part;
        onFailure = then;
        FAILED.set(false);
        REMAINING.set(failures);
    }

    public static void disarm() {
        REMAINING.set(0);
    }

    /** Whether an injected failure happened since the last {@link #arm}. */
    public static boolean failed() {
        return FAILED.get();
    }

    @Bean
    static BeanPostProcessor failingStatementsWrapper() {
        return Proxies.wrapping(DataSource.class, source -> proxy(DataSource.class, source, (target, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection c ? connection(c) : result;
        }));
    }

    private static Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql
                    && REMAINING.get() > 0 && sqlPart != null && sql.contains(sqlPart) && REMAINING.getAndDecrement() > 0) {
                FAILED.set(true);
                onFailure.run();
                throw new SQLTransientConnectionException("injected: connection to the database lost", "08006");
            }
            return invoke(target, method, args);
        });
    }
}

package io.meserp.hub.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.UnaryOperator;

import org.springframework.beans.factory.config.BeanPostProcessor;

/** JDK proxies for the fault injections: one interface, a handler that sees the real target, calls passed through. */
final class Proxies {

    private Proxies() {
    }

    /** What a proxy does with a call, given the object it stands for. */
    interface Handler<T> {
        Object handle(T target, Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, T target, Handler<T> handler) {
        InvocationHandler h = (p, method, args) -> handler.handle(target, method, args);
        return (T) Proxy.newProxyInstance(Proxies.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    /** Wraps each bean of {@code type} (not one already wrapped) in what {@code wrap} makes of it. */
    static <T> BeanPostProcessor wrapping(Class<T> type, UnaryOperator<T> wrap) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return type.isInstance(bean) && !(bean instanceof Proxy) ? wrap.apply(type.cast(bean)) : bean;
            }
        };
    }

    /** The call on the real object, its own exception rethrown as it was. */
    static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

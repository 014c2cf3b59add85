package io.meserp.hub.support;

import org.apache.camel.CamelContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Suspends a test class's hub (its Camel routes: folder pollers, queue consumers, timers) when the class is done, and
 * resumes it if a later class is given the same context. Spring keeps every context until the JVM ends, and each class
 * has a hub of its own: left running, the finished hubs polled beside every later test (the crash suites most, on two
 * cores), and stopping them all at the end outlasted the 30 s surefire gives a fork to exit. The contexts are suspended,
 * not closed: a closed embedded broker takes Artemis' JVM-wide thread pools with it, and the next hub's broker with them.
 */
public class QuietWhenDone implements TestExecutionListener {

    @Override
    public void beforeTestClass(TestContext testContext) throws Exception {
        if (testContext.hasApplicationContext()) {
            CamelContext camel = testContext.getApplicationContext().getBean(CamelContext.class);
            if (camel.isSuspended()) {
                camel.resume();
            }
        }
    }

    @Override
    public void afterTestClass(TestContext testContext) throws Exception {
        if (testContext.hasApplicationContext()) {
            testContext.getApplicationContext().getBean(CamelContext.class).suspend();
        }
    }
}

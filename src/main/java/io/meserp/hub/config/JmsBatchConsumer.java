package io.meserp.hub.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumers of a {@code jms-batch} endpoint: each keeps one transacted session and consumer on the queue (so the
 * broker's message groups stay with it) and loops: it waits for a message, takes what else the broker has ready for it
 * without waiting (up to {@code batchSize}), hands that to the route and commits the session when the exchange
 * succeeded, rolls it back when it failed or was marked rollback-only. A lone message is not held back for company.
 * <p>
 * A batch that fails halves the next one's size (down to one message), one that passes doubles it (up to {@code
 * batchSize}): against a flaky ERP, where nearly every large batch would hold a failure and be delivered again, it
 * settles near what passes.
 * <p>
 * A batch is one exchange whose body is the messages' texts (with {@code messages=true}: the messages), in the order
 * received, with header {@code hubBatchSize}.
 * A single message, and every message the broker delivers again (after a rollback, or a crash), goes to the route on
 * its own, its JMS properties as headers, as camel-jms would hand it over: what failed in a batch is retried one event
 * at a time under the route's error policy.
 */
final class JmsBatchConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(JmsBatchConsumer.class);
    /** The exchange header that carries the number of events in a batch exchange. */
    static final String BATCH_SIZE = "hubBatchSize";
    private static final long POLL_MS = 500;

    private final JmsBatchComponent.BatchEndpoint endpoint;
    private volatile AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    JmsBatchConsumer(JmsBatchComponent.BatchEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        AtomicBoolean generation = new AtomicBoolean(true);
        running = generation;
        threads.clear();
        for (int i = 1; i <= endpoint.getConsumers(); i++) {
            Thread thread = new Thread(() -> loop(generation), "jms-batch-" + endpoint.getQueue() + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    @Override
    protected void doStop() throws Exception {
        running.set(false);
        // idle consumers leave within one poll; one still working on a batch is an in-flight exchange Camel waits for
        for (Thread thread : threads) {
            thread.join(2 * POLL_MS + 100);
        }
        super.doStop();
    }

    private void loop(AtomicBoolean generation) {
        long backoff = 1000;
        while (generation.get()) {
            try (Connection connection = endpoint.connections().createConnection()) {
                connection.start();
                try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                        MessageConsumer consumer = session.createConsumer(session.createQueue(endpoint.getQueue()))) {
                    backoff = 1000;
                    int limit = endpoint.getBatchSize();
                    while (generation.get()) {
                        List<Message> batch = receive(consumer, limit);
                        if (batch.isEmpty()) {
                            continue;
                        }
                        if (!generation.get()) {
                            session.rollback();
                            break;
                        }
                        boolean ok = deliver(session, batch);
                        if (batch.size() > 1 || !ok) {
                            // a batch that fails costs every message a second delivery: while batches fail (a flaky ERP)
                            // they get smaller, down to one message, and grow back once they pass
                            limit = ok ? Math.min(endpoint.getBatchSize(), limit * 2) : Math.max(1, limit / 2);
                        }
                    }
                }
            } catch (JMSException | RuntimeException e) {
                if (!generation.get()) {
                    return;
                }
                LOG.warn("Consumer of queue {} lost its session ({}); it connects again in {} ms", endpoint.getQueue(),
                        e.getMessage(), backoff);
                pause(generation, backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    /** The next message, waited for, then what else is ready now, up to {@code limit}; a redelivery ends the batch. */
    private List<Message> receive(MessageConsumer consumer, int limit) throws JMSException {
        List<Message> batch = new ArrayList<>();
        Message first = consumer.receive(POLL_MS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        boolean again = first.getJMSRedelivered();
        while (!again && batch.size() < limit) {
            Message next = consumer.receiveNoWait();
            if (next == null) {
                break;
            }
            batch.add(next);
            again = next.getJMSRedelivered();
        }
        return batch;
    }

    /**
     * A fresh batch goes as one exchange; messages delivered again go one at a time, all in the session's one transaction:
     * the first that fails rolls it back, and the broker delivers them all again (each on its own from then on).
     */
    private boolean deliver(Session session, List<Message> batch) throws JMSException {
        boolean redelivered = false;
        for (Message m : batch) {
            redelivered |= m.getJMSRedelivered();
        }
        boolean ok;
        if (endpoint.isMessages()) {
            // the messages themselves; one at a time when delivered again, as below
            ok = true;
            List<List<Message>> exchanges = redelivered ? batch.stream().map(List::of).toList() : List.of(batch);
            for (int i = 0; i < exchanges.size() && ok; i++) {
                Exchange exchange = endpoint.createExchange();
                exchange.getIn().setBody(new ArrayList<>(exchanges.get(i)));
                exchange.getIn().setHeader(BATCH_SIZE, exchanges.get(i).size());
                ok = process(exchange);
            }
        } else if (batch.size() > 1 && !redelivered) {
            Exchange exchange = endpoint.createExchange();
            List<String> texts = new ArrayList<>(batch.size());
            for (Message m : batch) {
                texts.add(text(m));
            }
            exchange.getIn().setBody(texts);
            exchange.getIn().setHeader(BATCH_SIZE, batch.size());
            ok = process(exchange);
        } else {
            ok = true;
            for (int i = 0; i < batch.size() && ok; i++) {
                ok = process(single(batch.get(i)));
            }
        }
        if (ok) {
            session.commit();
        } else {
            session.rollback();
        }
        return ok;
    }

    private boolean process(Exchange exchange) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            // the route's error policy has logged it
            LOG.debug("Exchange on queue {} failed, session rolled back: {}", endpoint.getQueue(),
                    exchange.getException().getMessage());
            return false;
        }
        return !exchange.isRollbackOnly();
    }

    private Exchange single(Message m) throws JMSException {
        Exchange exchange = endpoint.createExchange();
        exchange.getIn().setBody(text(m));
        Enumeration<?> names = m.getPropertyNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            exchange.getIn().setHeader(name, m.getObjectProperty(name));
        }
        exchange.getIn().setHeader("JMSMessageID", m.getJMSMessageID());
        exchange.getIn().setHeader("JMSRedelivered", m.getJMSRedelivered());
        exchange.getIn().setHeader("JMSXGroupID", m.getStringProperty("JMSXGroupID"));
        exchange.getIn().setHeader("JMSXDeliveryCount", m.getIntProperty("JMSXDeliveryCount"));
        exchange.getIn().setHeader(BATCH_SIZE, 1);
        return exchange;
    }

    private static String text(Message m) throws JMSException {
        if (m instanceof TextMessage text) {
            return text.getText();
        }
        if (m instanceof BytesMessage bytes) {
            byte[] content = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(content);
            return new String(content, StandardCharsets.UTF_8);
        }
        try {
            return m.getBody(String.class);
        } catch (JMSException notText) {
            // not an event the hub can read: the route makes it an exception
            return null;
        }
    }

    private static void pause(AtomicBoolean generation, long ms) {
        long until = System.currentTimeMillis() + ms;
        while (generation.get() && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(Math.min(100, ms));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

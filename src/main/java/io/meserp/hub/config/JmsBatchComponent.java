package io.meserp.hub.config;

import java.util.Map;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.springframework.stereotype.Component;

/**
 * {@code jms-batch:<queue>?consumers=4&batchSize=50}: takes a queue's messages a batch at a time, each batch in one
 * transacted JMS session, and hands it to the route as one exchange ({@link JmsBatchConsumer}). The ERP routes use it so
 * that a ledger write, a broker commit and an ERP request serve many events instead of one; the plant message routes
 * ({@code messages=true}) so that a plant's messages are recorded and queued a batch per transaction, each taken the
 * moment it arrives.
 * <p>
 * Written here because neither camel-jms nor Spring JMS receives several messages in one transaction (camel-sjms-batch,
 * which did, is gone from Camel 4), and an aggregator after a JMS consumer would acknowledge each message before its
 * event is booked.
 */
@Component("jms-batch")
public class JmsBatchComponent extends DefaultComponent {

    private final ConnectionFactory connections;

    public JmsBatchComponent(ConnectionFactory connections) {
        this.connections = connections;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        BatchEndpoint endpoint = new BatchEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        if (endpoint.getConsumers() < 1 || endpoint.getBatchSize() < 1) {
            throw new IllegalArgumentException(uri + ": consumers and batchSize must be at least 1");
        }
        return endpoint;
    }

    /** One queue; {@code consumers} sessions take from it, each up to {@code batchSize} messages per transaction. */
    public static final class BatchEndpoint extends DefaultEndpoint {

        private final String queue;
        private int consumers = 1;
        private int batchSize = 1;
        private boolean messages;

        BatchEndpoint(String uri, JmsBatchComponent component, String queue) {
            super(uri, component);
            this.queue = queue;
        }

        /** A consumer-only endpoint, as Camel's timer is: the hub sends to its queues with the jms component. */
        @Override
        public Producer createProducer() {
            throw new org.apache.camel.RuntimeCamelException("Cannot send to " + getEndpointUri()
                    + ": jms-batch only consumes; send with the jms component");
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            JmsBatchConsumer consumer = new JmsBatchConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }

        ConnectionFactory connections() {
            return ((JmsBatchComponent) getComponent()).connections;
        }

        public String getQueue() {
            return queue;
        }

        public int getConsumers() {
            return consumers;
        }

        public void setConsumers(int consumers) {
            this.consumers = consumers;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        /**
         * Whether an exchange carries the JMS messages themselves ({@code List<jakarta.jms.Message>}, one or more, read
         * while the session is open) rather than their texts: for a route that needs their properties or bytes.
         */
        public boolean isMessages() {
            return messages;
        }

        public void setMessages(boolean messages) {
            this.messages = messages;
        }
    }
}

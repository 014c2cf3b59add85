package io.meserp.hub.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;

/**
 * The broker's own limit: an embedded Artemis with the hub's journal settings (artemis/broker.xml: NIO, its buffer
 * timeout), persistent messages of an event's size. It is sent to as the hub's intake sends (one producer, transacted
 * batches of hub.ingest.batch-size) and consumed as the hub's posting consumes (several consumers, one commit per
 * message), in the benchmark's own JVM over the in-VM connector, as the embedded hub does.
 */
final class BrokerLimit {

    record Rates(double sentPerSecond, double consumedPerSecond, int consumers) {
    }

    private BrokerLimit() {
    }

    static Rates measure(Path dir, int messages, int batch, int consumers) throws Exception {
        // as the hub runs it: Artemis' audit and info logs off (a log line per message would be what is measured)
        for (String name : List.of("org.apache.activemq.audit", "org.apache.activemq.artemis")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        FileConfiguration policy = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager("artemis/broker.xml");
        deployment.addDeployable(policy);
        deployment.readConfiguration();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJournalType(JournalType.NIO);
        config.setJournalBufferTimeout_NIO(policy.getJournalBufferTimeout_NIO());
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large").toString());
        config.addAcceptorConfiguration("in-vm", "vm://7");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://7");
                Connection connection = factory.createConnection()) {
            connection.start();
            String body = "{\"specversion\":\"1.0\",\"data\":\"" + "x".repeat(900) + "\"}";
            long sendStart = System.nanoTime();
            try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                Queue queue = session.createQueue("bench.limit");
                MessageProducer producer = session.createProducer(queue);
                for (int i = 0; i < messages; i++) {
                    var message = session.createTextMessage(body);
                    message.setStringProperty("JMSXGroupID", "order-" + (i % 1000));
                    producer.send(message);
                    if ((i + 1) % batch == 0 || i == messages - 1) {
                        session.commit();
                    }
                }
            }
            double sent = messages / ((System.nanoTime() - sendStart) / 1e9);
            AtomicInteger left = new AtomicInteger(messages);
            List<Thread> threads = new ArrayList<>();
            long consumeStart = System.nanoTime();
            for (int c = 0; c < consumers; c++) {
                Thread t = new Thread(() -> {
                    try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                        MessageConsumer consumer = session.createConsumer(session.createQueue("bench.limit"));
                        while (left.get() > 0) {
                            var message = consumer.receive(500);
                            if (message != null) {
                                message.getBody(String.class).getBytes(StandardCharsets.UTF_8);
                                session.commit();
                                left.decrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "bench-consumer-" + c);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double consumed = messages / ((System.nanoTime() - consumeStart) / 1e9);
            return new Rates(sent, consumed, consumers);
        } finally {
            broker.stop();
        }
    }
}

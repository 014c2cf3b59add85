package io.meserp.hub.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Settings under {@code hub.*}; see application.yaml for what each one means. */
@ConfigurationProperties("hub")
public record HubProperties(
        Path dataDir,
        Path configDir,
        Plants plants,
        Ingest ingest,
        Queues queues,
        Erp erp,
        @DefaultValue Security security,
        @DefaultValue Jolokia jolokia,
        @DefaultValue Recovery recovery) {

    /**
     * {@code maxTakeAttempts}: how often the hub may stop (crash, out of memory) while reading one file before the file
     * is set aside to error/; {@code stuckAfter}: how long one file may be in the intake before health says so.
     */
    /**
     * {@code maxFileSize}: the largest plant file taken at all; {@code maxDocumentSize}: the largest one read whole (a
     * B2MML document, JSON, a CSV with multi-line fields or in UTF-16). Other CSV files are read in slices, in little
     * memory whatever their size.
     */
    public record Plants(Path mappingsDir, DataSize maxFileSize, @DefaultValue("10MB") DataSize maxDocumentSize,
            long readLockMinAge, long pollDelay, @DefaultValue("3") int maxTakeAttempts,
            @DefaultValue("15m") Duration stuckAfter) {
    }

    /** {@code brokerWait}: how long a file's intake waits for an unreachable broker before the file is refused. */
    public record Ingest(int batchSize, @DefaultValue("10m") Duration brokerWait) {
    }

    public record Queues(String confirmation, String movement, String downtime, String quality, String aggregation) {
    }

    /**
     * {@code settleTime}: after the hub stopped waiting for the ERP's answer to a write (timeout, broken connection), how
     * long the ERP may still be working on it; no delivery asks the ERP about that event, or posts it, before then.
     */
    public record Erp(String baseUrl, String user, String password, Duration connectTimeout,
            Duration readTimeout, int consumers, Retry retry, Breaker breaker, @DefaultValue Poison poison,
            @DefaultValue("30s") Duration settleTime, @DefaultValue Batch batch, @DefaultValue Delivery delivery) {
    }

    /**
     * How the ERP routes take their queues: up to {@code batchSize} messages a consumer has ready go to the ERP as one
     * delivery (one broker transaction, one ledger write per step), {@code ordersInParallel} of its orders at a time.
     */
    public record Delivery(@DefaultValue("50") int batchSize, @DefaultValue("16") int ordersInParallel) {
    }

    /**
     * OData {@code $batch} of the built-in S/4 connector: creates of these {@code services} that wait at the same moment
     * go to the ERP together, a change set each, up to {@code maxSize} per request and {@code parallel} requests at a
     * time. A lone create is sent on its own. An empty list (the default) or a maxSize of 1 sends every create alone.
     */
    public record Batch(@DefaultValue("") List<String> services,
            @DefaultValue("50") int maxSize, @DefaultValue("8") int parallel) {
    }

    /**
     * {@code maxAttempts}: how often one event may fail while the ERP books others (500s, errors of the hub itself)
     * before its message is dead-lettered; outages, throttling and timeouts never count. A dead-lettered event holds its
     * order's later events; {@code holdOrderOnRefusal}: so does an event the ERP refused (off: they go on).
     */
    public record Poison(@DefaultValue("10") int maxAttempts, @DefaultValue("false") boolean holdOrderOnRefusal) {
    }

    public record Retry(int maxRedeliveries, long initialDelay, long maxDelay, double multiplier) {
    }

    public record Breaker(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
            Duration waitInOpenState, int permittedCallsInHalfOpenState) {
    }

    /**
     * {@code allowRemoteExecution}: whether admins may run JMX operations that send messages, evaluate expressions or
     * load code given from outside (a producer template, a {@code language:} endpoint, a diagnostic command); see
     * JolokiaPolicy. Off: nobody may.
     */
    public record Jolokia(@DefaultValue("false") boolean allowRemoteExecution) {
    }

    /**
     * The recovery sweep (EventRecovery): how often it runs, how long an unfinished event must have stood still before
     * it is looked for in its queue, how many events one run looks at, and how many waiting messages the broker lists
     * at once (its management-browse-page-size).
     */
    public record Recovery(@DefaultValue("60s") Duration interval, @DefaultValue("10m") Duration staleAfter,
            @DefaultValue("5000") int batch, @DefaultValue("200") int listLimit) {
    }

    public record Security(@DefaultValue List<User> users) {
    }

    public record User(String name, String password, List<String> roles) {
    }

    /** The drop folder tree of one plant: inbox, archive, error, outbox. */
    public Path plantDir(String plant) {
        return dataDir.resolve("plants").resolve(plant);
    }
}

package io.meserp.hub.support;

import javax.sql.DataSource;

import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.LedgerBatches;
import io.meserp.hub.ledger.LedgerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The ledger on an H2 database of a test's own, without Spring: migrated as the hub migrates it, its steps and batches. */
public final class TestLedgers {

    /** The ledger's parts on one database. */
    public record Parts(JdbcTemplate jdbc, Ledger ledger, LedgerBatches batches) {
    }

    private TestLedgers() {
    }

    /** Migrates {@code h2} (application.yaml's spring.flyway.locations for H2) and builds the ledger on it. */
    public static Parts open(DataSource h2, MeterRegistry meters, String instance) {
        Flyway.configure().dataSource(h2).locations("classpath:db/migration", "classpath:db/vendor/h2").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(h2);
        LedgerMetrics metrics = new LedgerMetrics(meters);
        Ledger ledger = new Ledger(jdbc, metrics, new DataSourceTransactionManager(h2), instance);
        return new Parts(jdbc, ledger, new LedgerBatches(jdbc, ledger, metrics));
    }
}

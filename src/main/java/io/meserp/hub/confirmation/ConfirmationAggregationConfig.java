package io.meserp.hub.confirmation;

import javax.sql.DataSource;

import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.processor.aggregate.jdbc.PostgresAggregationRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The durable store of open confirmation aggregates (tables hub_aggregation and hub_aggregation_completed). */
@Configuration(proxyBeanMethods = false)
class ConfirmationAggregationConfig {

    @Bean
    JdbcAggregationRepository confirmationAggregationRepository(DataSource dataSource,
            PlatformTransactionManager transactionManager, @Value("${spring.datasource.url}") String url) {
        JdbcAggregationRepository repository = url.startsWith("jdbc:postgresql")
                ? new PostgresAggregationRepository(transactionManager, "hub_aggregation", dataSource)
                : new JdbcAggregationRepository(transactionManager, "hub_aggregation", dataSource);
        // Completed aggregates whose publication did not finish (a crash) are published again after restart.
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(5000);
        return repository;
    }
}

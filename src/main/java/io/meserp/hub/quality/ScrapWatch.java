package io.meserp.hub.quality;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.confirmation.ProductionConfirmation;
import io.meserp.hub.erp.connector.ErpConnectors;
import io.meserp.hub.erp.ErpRejectedException;
import io.meserp.hub.erp.ErpRetryableException;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.ledger.Actions;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Workflow W6: after each confirmation is booked, adds its scrap to the order's total and checks the plant's
 * scrap rules. Crossing a rule's threshold opens a case on the quality platform, tells the supervisors through
 * their chat webhook and counts in {@code hub_scrap_alerts_total}, once per order and rule, whatever comes after.
 */
@Component("scrapWatch")
public class ScrapWatch {

    private final PlantRegistry plants;
    private final ErpConnectors orders;
    private final QualityPlatformClient qms;
    private final Actions actions;
    private final Ledger ledger;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final ObjectMapper mapper;

    public ScrapWatch(PlantRegistry plants, ErpConnectors orders, QualityPlatformClient qms, Actions actions,
            Ledger ledger, JdbcTemplate jdbc, MeterRegistry meters, ObjectMapper mapper) {
        this.plants = plants;
        this.orders = orders;
        this.qms = qms;
        this.actions = actions;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.meters = meters;
        this.mapper = mapper;
    }

    public void check(String body) throws Exception {
        String plantId = CloudEvent.plantOf(mapper.getFactory(), body);
        PlantDefinition plant = plantId == null ? null : plants.find(plantId).orElse(null);
        if (plant == null || plant.settings(QualitySettings.SECTION).scrapRules().isEmpty()) {
            // most plants have no scrap rules: their confirmations are not read any further
            return;
        }
        CloudEvent event = mapper.readValue(body, CloudEvent.class);
        ProductionConfirmation c = mapper.convertValue(event.data(), ProductionConfirmation.class);
        try {
            check(plant, event, c);
        } catch (ErpRetryableException | ErpRejectedException e) {
            // the confirmation is booked; the alert is retried (or becomes an exception) on its own
            ledger.note(event.id(), c.order(), "failed", "scrap alert: " + e.getMessage());
            throw e;
        }
    }

    private void check(PlantDefinition plant, CloudEvent event, ProductionConfirmation c) {
        if (c.scrap().signum() == 0) {
            return;
        }
        try {
            jdbc.update("INSERT INTO hub_scrap (event_id, order_no, scrap, unit) VALUES (?, ?, ?, ?)", event.id(), c.order(),
                    c.scrap(), c.unit());
        } catch (DuplicateKeyException counted) {
            // a redelivery: its scrap is in the total already
        }
        BigDecimal total = jdbc.queryForObject("SELECT SUM(scrap) FROM hub_scrap WHERE order_no = ?", BigDecimal.class, c.order());
        // the order as the plant's ERP has it (canonical production-order data)
        JsonNode order = orders.forPlant(plant.id()).order(c.order()).orElse(null);
        if (order == null) {
            return;
        }
        String material = order.path("material").asText();
        BigDecimal quantity = order.path("quantity").decimalValue();
        List<QualitySettings.ScrapRule> rules = plant.settings(QualitySettings.SECTION).scrapRules();
        for (int i = 0; i < rules.size(); i++) {
            QualitySettings.ScrapRule rule = rules.get(i);
            BigDecimal threshold = rule.threshold(quantity);
            if (!rule.appliesTo(material) || total.compareTo(threshold) <= 0) {
                continue;
            }
            String key = "scrap:" + c.order() + ":rule-" + i + ":";
            String text = "Order " + c.order() + " (" + material + ", plant " + plant.id() + "): scrap "
                    + total.stripTrailingZeros().toPlainString() + " " + c.unit() + " of "
                    + quantity.stripTrailingZeros().toPlainString() + " exceeds " + rule.describe() + " ("
                    + threshold.stripTrailingZeros().toPlainString() + ")";
            String qmsCase = actions.once(key + "qms-case", () -> qms.openCase(key + "case", Map.of("title", text,
                    "plant", plant.id(), "order", c.order(), "material", material, "kind", "scrap-over-threshold",
                    "scrap", total, "orderQuantity", quantity)));
            actions.once(key + "supervisors", () -> {
                qms.notifySupervisors("Scrap over threshold on order " + c.order(), text + "; quality case " + qmsCase);
                return "sent";
            });
            actions.once(key + "counted", () -> {
                Counter.builder("hub.scrap.alerts").description("Orders whose scrap crossed a plant's scrap rule")
                        .tags("plant", plant.id(), "material", material).register(meters).increment();
                ledger.note(event.id(), c.order(), "scrap-alert", text + "; quality case " + qmsCase);
                return "counted";
            });
        }
    }
}

package io.meserp.hub.event;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Checks events against the JSON Schemas in {@code classpath:schemas/}: the CloudEvents envelope, then the
 * payload against the schema its type names, then a plant's event against the formats of its ERP ({@link PayloadRules}).
 * Called where events enter the hub and again before they leave.
 */
@Component
public class EventValidator {

    private final ObjectMapper mapper;
    private final JsonSchema envelope;
    private final Map<EventType, JsonSchema> payloads = new EnumMap<>(EventType.class);
    private final Supplier<PayloadRules> rules;

    /** The canonical schemas only (tests of a parser). */
    public EventValidator(ObjectMapper mapper) {
        this(mapper, () -> null);
    }

    /** The canonical schemas and these rules (the offline plant check). */
    public EventValidator(ObjectMapper mapper, PayloadRules rules) {
        this(mapper, () -> rules);
    }

    /**
     * The schemas, then the rules of the event's plant's ERP (asked when first needed: the connectors load later; once
     * found they are kept, as asking the bean factory for each event was a fiftieth of the CPU under load).
     */
    @Autowired
    public EventValidator(ObjectMapper mapper, ObjectProvider<PayloadRules> rules) {
        this(mapper, SingletonSupplier.of(rules::getIfAvailable));
    }

    private EventValidator(ObjectMapper mapper, Supplier<PayloadRules> rules) {
        this.mapper = mapper;
        this.rules = rules;
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        this.envelope = load(factory, config, "cloudevent-1.0");
        for (EventType type : EventType.values()) {
            payloads.put(type, load(factory, config, type.schema()));
        }
    }

    /** Every violation, each as "field: reason"; empty when the event is valid. */
    public List<String> violations(CloudEvent event) {
        return violations(mapper.valueToTree(event));
    }

    public List<String> violations(JsonNode event) {
        List<String> problems = describe(envelope.validate(event), "");
        if (!problems.isEmpty()) {
            return problems;
        }
        EventType type = EventType.ofType(event.path("type").asText()).orElse(null);
        if (type == null) {
            return List.of("type: unknown event type '" + event.path("type").asText() + "'");
        }
        List<String> payload = describe(payloads.get(type).validate(event.path("data")), "data");
        String source = event.path("source").asText("");
        PayloadRules erp = payload.isEmpty() && source.startsWith("mes://") ? rules.get() : null;
        return erp == null ? payload : erp.violations(source.substring("mes://".length()), event.path("data"));
    }

    /** Camel entry point: validates the JSON text of an event, throws with every violation listed. */
    public void validate(String json) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("event is not valid JSON: " + e.getOriginalMessage());
        }
        List<String> problems = violations(node);
        if (!problems.isEmpty()) {
            throw new InvalidEventException(String.join("; ", problems));
        }
    }

    private static List<String> describe(Iterable<ValidationMessage> messages, String root) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (ValidationMessage m : messages) {
            String at = m.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "").replaceFirst("^/", "").replace('/', '.');
            String field = root.isEmpty() ? at : (at.isEmpty() ? root : root + "." + at);
            String text = m.getMessage();
            int colon = text.indexOf(": ");
            out.add((field.isEmpty() ? "event" : field) + ": " + (colon >= 0 ? text.substring(colon + 2) : text));
        }
        return out;
    }

    private static JsonSchema load(JsonSchemaFactory factory, SchemaValidatorsConfig config, String name) {
        String path = "schemas/" + name + ".schema.json";
        try (InputStream in = EventValidator.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Schema " + path + " is missing from the classpath");
            }
            return factory.getSchema(in, config);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read schema " + path, e);
        }
    }

}

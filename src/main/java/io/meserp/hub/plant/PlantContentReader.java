package io.meserp.hub.plant;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.event.CloudEvent;
import io.meserp.hub.event.EventIds;
import io.meserp.hub.event.EventType;
import io.meserp.hub.event.EventValidator;
import io.meserp.hub.ledger.Facts;
import io.meserp.hub.ledger.NewEvent;
import org.springframework.stereotype.Component;

/**
 * Turns what a plant sends into validated canonical events and refused records, touching nothing: a file or message
 * read with the plant's mapping (each flow of its inbound entry), or canonical CloudEvents the MES wrote itself. The
 * file and message intakes queue what this returns; the mapping preview, the plant samples test and the offline plant
 * check show it.
 */
@Component
public class PlantContentReader {

    private final PlantRegistry plants;
    private final EventValidator validator;
    private final ObjectMapper mapper;

    public PlantContentReader(PlantRegistry plants, EventValidator validator, ObjectMapper mapper) {
        this.plants = plants;
        this.validator = validator;
        this.mapper = mapper;
    }

    /**
     * Content without a file name of its own (a message, a request body, a sample): canonical CloudEvents when it is
     * JSON with a {@code specversion} and no name is given, otherwise read with the plant's inbound mapping for
     * {@code name} (or the only mapping of its format: B2MML for XML, the tabular mapping for CSV text and JSON
     * records).
     */
    public IntakeBatch readAny(PlantDefinition plant, String name, byte[] body, String source) {
        PlantDefinition.Inbound inbound = mappingFor(plant, name, body);
        return inbound == null ? cloudEvents(plant, body, source) : read(plant, inbound, source, body);
    }

    /** Which mapping {@link #readAny} would use, for people. */
    public String mappingOf(PlantDefinition plant, String name, byte[] body) {
        PlantDefinition.Inbound inbound = mappingFor(plant, name, body);
        return inbound == null ? "CloudEvents (canonical)"
                : inbound.format() + " " + inbound.files() + " -> " + String.join("+", inbound.flows());
    }

    /** The plant mapping for the content, or null for canonical CloudEvents (JSON with a specversion, sent without a name). */
    private PlantDefinition.Inbound mappingFor(PlantDefinition plant, String name, byte[] body) {
        char first = firstChar(body);
        return (first == '{' || first == '[') && name == null && isCloudEvents(body) ? null : inbound(plant, name, first);
    }

    /**
     * Whether JSON content is CloudEvents: its first object has a {@code specversion} (required by CloudEvents). JSON
     * without one is a record of the plant's mapping. Content that is not JSON at all counts as CloudEvents, whose
     * reader says why it is refused.
     */
    private boolean isCloudEvents(byte[] body) {
        try (com.fasterxml.jackson.core.JsonParser parser = mapper.createParser(body)) {
            com.fasterxml.jackson.core.JsonToken token = parser.nextToken();
            if (token == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                token = parser.nextToken();
            }
            if (token != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return true;
            }
            while ((token = parser.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                if ("specversion".equals(parser.currentName())) {
                    return true;
                }
                parser.nextToken();
                parser.skipChildren();
            }
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /**
     * Reads content of a plant (a file, a message, a request body) for every flow of its inbound mapping, validates
     * every event against its schema and refuses events dated too far ahead. Whatever the channel, this is the one way
     * plant content becomes events.
     */
    public IntakeBatch read(PlantDefinition plant, PlantDefinition.Inbound inbound, String sourceName, byte[] content) {
        List<NewEvent> events = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        java.util.Set<String> seenProblems = new java.util.HashSet<>();
        int records = 0;
        java.time.OffsetDateTime latest = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plus(PlantFileIntake.MAX_AHEAD);
        for (String flowName : inbound.flows()) {
            InboundFlow flow = plants.flow(flowName).orElseThrow();
            ParseResult<CloudEvent> parsed = flow.parse(plant, inbound, content);
            records += parsed.records();
            for (Rejection r : parsed.rejected()) {
                // A problem of the segment itself (not of one flow's reading) is reported once.
                if (seenProblems.add(r.location() + "\u0000" + r.field() + "\u0000" + r.reason())) {
                    rejections.add(r.withFlow(flowName));
                }
            }
            for (Parsed<CloudEvent> record : parsed.accepted()) {
                CloudEvent event = record.value();
                if (event.time() != null && event.time().isAfter(latest)) {
                    rejections.add(new Rejection(record.location(), "time", null, event.time().toString(), "is more than "
                            + PlantFileIntake.MAX_AHEAD.toHours() + " hours in the future (the MES clock or the date format is wrong)",
                            event.subject(), flowName));
                    continue;
                }
                List<String> violations = validator.violations(event);
                if (!violations.isEmpty()) {
                    violations.forEach(v -> rejections.add(new Rejection(record.location(), v.substring(0, v.indexOf(':')),
                            null, null, "fails schema " + event.dataschema().replace("urn:meserp:schema:", "") + ": "
                            + v.substring(v.indexOf(':') + 2), event.subject(), flowName)));
                    continue;
                }
                String payload = json(event);
                events.add(new NewEvent(event.id(), flowName, plant.id(), event.subject(),
                        sourceName + " " + record.location(), payload, event.time(), Facts.hash(mapper, event.data())));
            }
        }
        if (records == 0) {
            throw new FileRejectedException("file has no records (a header only, or a document without responses):"
                    + " an empty export usually means the MES export failed");
        }
        return new IntakeBatch(plant.id(), sourceName, String.join("+", inbound.flows()), records, events, rejections);
    }

    /**
     * Reads a CSV file a slice at a time ({@link CsvSlices}): each slice is read as {@link #read} reads content, with
     * rows and lines numbered as in the whole file, and handed to {@code queue} before the next is read; what
     * {@code queue} returns is added to {@code file}. A file refused in a later slice says how far the rows before it
     * got. A line is held whole, and may have {@code maxLineBytes} (a longer one refuses the file: it is binary, or its
     * line breaks are not line feeds).
     *
     * @return false when the file has no data row (nothing was read)
     */
    public boolean readInSlices(PlantDefinition plant, PlantDefinition.Inbound inbound, java.io.InputStream in,
            int rowsPerSlice, int maxLineBytes, IntakeBatch file, java.util.function.UnaryOperator<IntakeBatch> queue)
            throws java.io.IOException {
        CsvSlices slices = new CsvSlices(in, rowsPerSlice, maxLineBytes);
        boolean any = false;
        for (CsvSlices.Slice slice = slices.next(); slice != null; slice = slices.next()) {
            any = true;
            PlantDefinition.Inbound at = new PlantDefinition.Inbound(inbound.flows(), inbound.files(), inbound.format(),
                    inbound.csv().after(file.records(), slice.linesSkipped()), inbound.b2mml());
            try {
                file.absorb(queue.apply(read(plant, at, file.fileName(), slice.content())));
            } catch (FileRejectedException e) {
                if (file.records() == 0) {
                    throw e;
                }
                throw new FileRejectedException(e.getMessage() + " (in the rows after row " + file.records() + "; the "
                        + file.queued() + " events of the rows before are queued, and are recognised and not sent twice"
                        + " when the fixed file is dropped again)", e);
            }
        }
        return any;
    }

    /**
     * The plant's inbound mapping for the content: by the name given; without one, the mapping a file named
     * {@code message.xml}, {@code message.json} or {@code message.csv} (by the content) would get, when that mapping
     * reads the content's format, else the plant's only mapping of that format.
     */
    static PlantDefinition.Inbound inbound(PlantDefinition plant, String name, char first) {
        if (name != null) {
            return plant.inboundFor(name).orElseThrow(() -> new FileRejectedException("no inbound mapping of plant "
                    + plant.id() + " matches the name '" + name + "'"));
        }
        boolean json = first == '{' || first == '[';
        PlantDefinition.Format format = first == '<' ? PlantDefinition.Format.B2MML : PlantDefinition.Format.CSV;
        String unnamed = "message." + (first == '<' ? "xml" : json ? "json" : "csv");
        Optional<PlantDefinition.Inbound> byName = plant.inboundFor(unnamed).filter(i -> i.format() == format);
        if (byName.isPresent()) {
            return byName.get();
        }
        String what = first == '<' ? "B2MML" : json ? "JSON record (CSV)" : "CSV";
        List<PlantDefinition.Inbound> candidates = plant.inbound().stream().filter(i -> i.format() == format).toList();
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        throw new FileRejectedException((candidates.isEmpty()
                ? "plant " + plant.id() + " has no " + what + " mapping for this content"
                : "plant " + plant.id() + " has " + candidates.size() + " " + what + " mappings and none for a file named '"
                        + unnamed + "'; name the content (JMS/AMQP property or MQTT 5 user property hubName, REST ?name=)"
                        + " as a file for that mapping would be named")
                + (json ? " (JSON without a specversion is read as records, not CloudEvents)" : ""));
    }

    /** Canonical events sent by the MES itself: checked as a mapped file's events are. */
    IntakeBatch cloudEvents(PlantDefinition plant, byte[] body, String source) {
        JsonNode root;
        try {
            // a member given twice would keep its last value silently: refused instead
            root = mapper.reader().with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readTree(body);
        } catch (java.io.IOException e) {
            throw new FileRejectedException("the message is not JSON: " + e.getMessage());
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        if (nodes.isEmpty()) {
            throw new FileRejectedException("the message is an empty array: no events");
        }
        List<NewEvent> events = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        java.util.Set<String> flows = new java.util.LinkedHashSet<>();
        java.time.OffsetDateTime latest = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plus(PlantFileIntake.MAX_AHEAD);
        int index = 0;
        for (JsonNode node : nodes) {
            index++;
            String location = root.isArray() ? "event[" + index + "]" : "event";
            Optional<EventType> type = EventType.ofType(node.path("type").asText());
            String order = node.path("subject").asText(null);
            if (type.isEmpty() || plants.flow(type.get().flow()).isEmpty()) {
                rejections.add(new Rejection(location, "type", null, node.path("type").asText(null),
                        "is not an event type plants send (" + plantTypes() + ")", order));
                continue;
            }
            String flow = type.get().flow();
            if (!node.hasNonNull("dataschema") && node.isObject()) {
                // optional in CloudEvents: the type names the schema
                node = ((com.fasterxml.jackson.databind.node.ObjectNode) node.deepCopy()).put("dataschema",
                        type.get().dataschema());
            }
            List<String> violations = validator.violations(node);
            if (!violations.isEmpty()) {
                violations.forEach(v -> rejections.add(new Rejection(location, v.substring(0, v.indexOf(':')), null,
                        null, "fails its schema: " + v.substring(v.indexOf(':') + 2), order, flow)));
                continue;
            }
            CloudEvent event;
            try {
                event = mapper.treeToValue(node, CloudEvent.class);
            } catch (JsonProcessingException e) {
                rejections.add(new Rejection(location, null, null, null, "is not a CloudEvent: " + e.getOriginalMessage(),
                        order, flow));
                continue;
            }
            if (!("mes://" + plant.id()).equals(event.source())) {
                rejections.add(new Rejection(location, "source", null, event.source(), "must be mes://" + plant.id()
                        + ": a plant sends its own events only", order, flow));
                continue;
            }
            String erpPlant = event.data() == null ? null : event.data().path("plant").asText(null);
            if (erpPlant != null && !erpPlant.equals(plant.erpPlant())) {
                rejections.add(new Rejection(location, "data.plant", null, erpPlant, "is not this plant's ERP plant "
                        + plant.erpPlant(), order, flow));
                continue;
            }
            if (event.time() != null && event.time().isAfter(latest)) {
                rejections.add(new Rejection(location, "time", null, event.time().toString(), "is more than "
                        + PlantFileIntake.MAX_AHEAD.toHours() + " hours in the future", order, flow));
                continue;
            }
            // The MES's id, scoped to the plant and type (it is unique there only, and the hub's ids are UUIDs).
            String id = EventIds.of("ce", plant.id(), event.type(), event.id());
            CloudEvent stored = new CloudEvent(event.specversion(), id, event.source(), event.type(), event.subject(),
                    event.time(), event.datacontenttype(), event.dataschema(), event.data());
            flows.add(flow);
            events.add(new NewEvent(id, flow, plant.id(), event.subject(), source + " " + location, json(stored),
                    event.time(), Facts.hash(mapper, event.data())));
        }
        return new IntakeBatch(plant.id(), source, flows.isEmpty() ? "message" : String.join("+", flows), nodes.size(),
                events, rejections);
    }

    private String plantTypes() {
        List<String> types = new ArrayList<>();
        for (EventType t : EventType.values()) {
            if (plants.flow(t.flow()).isPresent()) {
                types.add(t.type());
            }
        }
        return String.join(", ", types);
    }

    static char firstChar(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8).stripLeading();
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1).stripLeading();
        }
        return head.isEmpty() ? ' ' : head.charAt(0);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

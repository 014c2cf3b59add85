package io.meserp.hub.plant;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meserp.hub.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The plants the hub serves, one folder each below {@code hub.plants.mappings-dir}. Adding a plant means
 * adding a folder with a {@code plant.yaml} and its mapping files; no Java. A definition with a mistake
 * stops the hub at start-up with the file and key named, rather than failing on the first file.
 */
@Component
public class PlantRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PlantRegistry.class);
    /** B2MML V0600 and V0700; V0700 dropped the version from the namespace. */
    static final List<String> DEFAULT_B2MML_NAMESPACES = List.of("http://www.mesa.org/xml/B2MML-V0600",
            "http://www.mesa.org/xml/B2MML");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Map<String, PlantDefinition> plants = new LinkedHashMap<>();
    private final Map<String, InboundFlow> flows = new LinkedHashMap<>();

    public PlantRegistry(HubProperties properties, List<InboundFlow> flows) {
        flows.forEach(f -> this.flows.put(f.name(), f));
        Path root = properties.plants().mappingsDir();
        if (!Files.isDirectory(root)) {
            LOG.warn("No plant mappings directory at {}: no plant inbox will be watched", root.toAbsolutePath());
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve("plant.yaml"))).sorted().forEach(dir -> {
                PlantDefinition plant = load(dir);
                plants.put(plant.id(), plant);
            });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list plant mappings in " + root, e);
        }
        LOG.info("Plants configured: {}", plants.keySet());
    }

    public Collection<PlantDefinition> all() {
        return plants.values();
    }

    public Optional<InboundFlow> flow(String name) {
        return Optional.ofNullable(flows.get(name));
    }

    public Optional<PlantDefinition> find(String id) {
        return Optional.ofNullable(plants.get(id));
    }

    PlantDefinition load(Path dir) {
        Path file = dir.resolve("plant.yaml");
        JsonNode node = read(file);
        String id = text(node, "id", file);
        if (!id.equals(dir.getFileName().toString())) {
            throw invalid(file, "id", "'" + id + "' must equal the folder name '" + dir.getFileName() + "'");
        }
        if (!id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw invalid(file, "id", "'" + id + "' must be lower-case letters, digits and '-'");
        }
        unknownKeys(node, file);
        List<PlantDefinition.Inbound> inbound = new ArrayList<>();
        for (JsonNode in : node.path("inbound")) {
            List<String> flowNames = in.has("flows") ? list(in.path("flows"), List.of()) : List.of(text(in, "flow", file));
            if (flowNames.isEmpty() || flowNames.stream().distinct().count() != flowNames.size()) {
                throw invalid(file, "inbound.flows", "must name one or more different flows");
            }
            for (String flow : flowNames) {
                if (!flows.containsKey(flow)) {
                    throw invalid(file, "inbound.flow", "unknown flow '" + flow + "' (known: " + flows.keySet() + ")");
                }
            }
            String flow = flowNames.get(0);
            InboundFlow known = flows.get(flow);
            String format = text(in, "format", file).toUpperCase();
            Path mappingFile = dir.resolve(text(in, "mapping", file));
            JsonNode mapping = read(mappingFile);
            switch (format) {
                case "CSV" -> {
                    if (flowNames.size() > 1) {
                        throw invalid(file, "inbound.flows", "a CSV mapping feeds one flow; list B2MML files under several");
                    }
                    inbound.add(new PlantDefinition.Inbound(flowNames, text(in, "files", file),
                            PlantDefinition.Format.CSV, csvLayout(mapping, mappingFile, flow, known.csvFields(),
                            known.requiredCsvFields()), null));
                }
                case "B2MML" -> {
                    for (String f : flowNames) {
                        if (!B2MML_FLOWS.contains(f)) {
                            throw invalid(file, "inbound.flows", "flow '" + f + "' is not read from B2MML (" + B2MML_FLOWS + ")");
                        }
                    }
                    inbound.add(new PlantDefinition.Inbound(flowNames, text(in, "files", file),
                            PlantDefinition.Format.B2MML, null, b2mmlLayout(mapping, mappingFile, in)));
                }
                default -> throw invalid(file, "inbound.format", "unknown format '" + format + "' (csv or b2mml)");
            }
        }
        if (inbound.isEmpty()) {
            throw invalid(file, "inbound", "the plant has no inbound mapping");
        }
        return new PlantDefinition(id, node.path("name").asText(id), text(node, "erp-plant", file),
                zone(text(node, "erp-time-zone", file), file), List.copyOf(inbound), release(node.path("release"), dir, id, file),
                sections(node, file), erp(node, file),
                shifts(node.path("shift-calendar"), zone(text(node, "erp-time-zone", file), file), file),
                PlantDefinition.FileArrival.of(node.path("file-arrival").asText("written-in-place"), file));
    }

    /** plant.yaml's own keys; the workflows' sections come on top. */
    private static final List<String> PLANT_KEYS = List.of("id", "name", "erp-plant", "erp-time-zone", "erp",
            "erp-variant", "inbound", "release", "shift-calendar", "file-arrival");

    /** A key of plant.yaml that nothing reads (a typo, a key of another version) stops start-up rather than being ignored. */
    private void unknownKeys(JsonNode node, Path file) {
        java.util.SortedSet<String> known = new java.util.TreeSet<>(PLANT_KEYS);
        flows.values().forEach(f -> f.sections().forEach(s -> known.add(s.key())));
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                throw invalid(file, key, "unknown key (known: " + String.join(", ", known) + ")");
            }
        });
    }

    /** Every registered workflow's sections of plant.yaml, read by the workflow (null values allowed: "not set"). */
    private Map<String, Object> sections(JsonNode node, Path file) {
        Map<String, Object> sections = new java.util.HashMap<>();
        for (InboundFlow flow : flows.values()) {
            for (PlantSection<?> section : flow.sections()) {
                sections.put(section.key(), section.read(node.path(section.key()), file));
            }
        }
        return java.util.Collections.unmodifiableMap(sections);
    }

    private static PlantDefinition.ShiftCalendar shifts(JsonNode node, ZoneId defaultZone, Path file) {
        if (node.isMissingNode() || node.isNull()) {
            return new PlantDefinition.ShiftCalendar(defaultZone, List.of());
        }
        ZoneId zone = node.has("time-zone") ? zone(node.path("time-zone").asText(), file) : defaultZone;
        List<PlantDefinition.Shift> shifts = new ArrayList<>();
        for (JsonNode s : node.path("shifts")) {
            String name = text(s, "name", file);
            try {
                java.time.LocalTime start = java.time.LocalTime.parse(text(s, "start", file));
                java.time.LocalTime end = java.time.LocalTime.parse(text(s, "end", file));
                if (start.equals(end) && shifts.size() > 0) {
                    throw invalid(file, "shift-calendar.shifts." + name, "a 24-hour shift must be the only one");
                }
                shifts.add(new PlantDefinition.Shift(name, start, end));
            } catch (java.time.format.DateTimeParseException e) {
                throw invalid(file, "shift-calendar.shifts." + name, "start and end must be HH:mm (" + e.getParsedString() + ")");
            }
        }
        if (shifts.stream().map(PlantDefinition.Shift::name).distinct().count() != shifts.size()) {
            throw invalid(file, "shift-calendar.shifts", "shift names must be unique");
        }
        return new PlantDefinition.ShiftCalendar(zone, List.copyOf(shifts));
    }

    private ReleaseSettings release(JsonNode r, Path dir, String plantId, Path file) {
        if (r.isMissingNode() || r.isNull()) {
            return null;
        }
        ReleaseSettings.Format format;
        ReleaseSettings.Channel channel;
        try {
            format = ReleaseSettings.Format.valueOf(text(r, "format", file).toUpperCase());
            channel = ReleaseSettings.Channel.valueOf(r.path("channel").asText("file").toUpperCase());
        } catch (IllegalArgumentException e) {
            throw invalid(file, "release", "format must be b2mml or csv, channel file or jms");
        }
        String namespace = null;
        CsvLayout csv = null;
        if (format == ReleaseSettings.Format.B2MML) {
            try {
                namespace = ReleaseSettings.namespaceOf(r.path("b2mml-version").asText("V0600"));
            } catch (IllegalArgumentException e) {
                throw invalid(file, "release.b2mml-version", e.getMessage());
            }
        } else {
            Path mappingFile = dir.resolve(text(r, "mapping", file));
            csv = csvLayout(read(mappingFile), mappingFile, "release", RELEASE_CSV_FIELDS, RELEASE_CSV_REQUIRED);
        }
        return new ReleaseSettings(format, namespace, channel, r.path("queue").asText("mes." + plantId + ".orders"), csv,
                list(r.path("no-availability-check-order-types"), List.of()));
    }

    /**
     * The ERP connector the plant books through ({@code erp:}, a folder of mappings/erp/; default {@code s4}). The older
     * {@code erp-variant: odata|soap} still names the built-in connectors s4 and soap.
     */
    private static String erp(JsonNode node, Path file) {
        String erp = node.path("erp").asText("");
        String variant = node.path("erp-variant").asText("");
        if (!erp.isBlank() && !variant.isBlank()) {
            throw invalid(file, "erp-variant", "and erp: both name the plant's ERP; keep erp: only");
        }
        if (!erp.isBlank()) {
            return erp;
        }
        return switch (variant) {
            case "", "odata" -> "s4";
            case "soap" -> "soap";
            default -> throw invalid(file, "erp-variant", "must be odata or soap, not '" + variant + "' (or name a"
                    + " connector with erp:)");
        };
    }

    /** The columns an outbound order CSV may have (one row per operation), and the ones it must have. */
    static final List<String> RELEASE_CSV_FIELDS = List.of("order", "material", "quantity", "unit", "start", "end",
            "operation", "work-center", "operation-text", "change");
    static final List<String> RELEASE_CSV_REQUIRED = List.of("order", "material", "quantity", "unit", "operation");

    /** The plant whose plant.yaml names this ERP plant code. */
    public Optional<PlantDefinition> byErpPlant(String erpPlant) {
        return plants.values().stream().filter(p -> p.erpPlant().equals(erpPlant)).findFirst();
    }

    private CsvLayout csvLayout(JsonNode m, Path file, String flow, List<String> fields, List<String> requiredFields) {
        Map<String, String> columns = strings(m.path("columns"));
        for (String field : columns.keySet()) {
            if (!fields.contains(field)) {
                throw invalid(file, "columns." + field, "unknown field of flow " + flow + " (known: " + fields + ")");
            }
        }
        for (String required : requiredFields) {
            if (!columns.containsKey(required)) {
                throw invalid(file, "columns." + required, "is required");
            }
        }
        String pattern = text(m, "date-pattern", file);
        DateTimeFormatter format;
        try {
            format = new java.time.format.DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                    .toFormatter(java.util.Locale.forLanguageTag(m.path("locale").asText("en")))
                    .withResolverStyle(java.time.format.ResolverStyle.SMART);
        } catch (IllegalArgumentException e) {
            throw invalid(file, "date-pattern", e.getMessage());
        }
        String grouping = m.path("grouping-separator").asText("");
        return new CsvLayout(
                single(m.path("delimiter").asText(","), "delimiter", file),
                Charset.forName(m.path("charset").asText("UTF-8")),
                single(m.path("decimal-separator").asText("."), "decimal-separator", file),
                grouping.isEmpty() ? null : single(grouping, "grouping-separator", file),
                format, pattern,
                zone(text(m, "time-zone", file), file),
                columns,
                strings(m.path("units")),
                list(m.path("booleans").path("true"), List.of("X", "1", "true")),
                list(m.path("booleans").path("false"), List.of("", "0", "false")),
                strings(m.path("defaults")),
                valueMaps(m.path("values")),
                m.path("multiline-fields").asBoolean(false),
                m.path("max-field-length").asInt(CsvLayout.DEFAULT_MAX_FIELD_LENGTH), 0, 0);
    }

    /** The flows a B2MML performance report can feed. */
    static final List<String> B2MML_FLOWS = List.of("confirmation", "movement");
    private static final List<String> MEANINGS = List.of("yield", "scrap", "rework", "ignore");
    private static final List<String> B2MML_KEYS = List.of("namespaces", "units", "sites", "operation", "quantity-keys",
            "properties", "storage-location", "batch", "goods-movements");

    /** The B2MML mapping; an inbound entry may set its own {@code goods-movements} (which material actuals it books). */
    private B2mmlLayout b2mmlLayout(JsonNode m, Path file, JsonNode inboundEntry) {
        m.fieldNames().forEachRemaining(k -> {
            if (!B2MML_KEYS.contains(k)) {
                throw invalid(file, k, "is not a B2MML mapping key (" + B2MML_KEYS + ")");
            }
        });
        Map<String, String> quantityKeys = new LinkedHashMap<>(B2mmlLayout.DEFAULT_QUANTITY_KEYS);
        strings(m.path("quantity-keys")).forEach((k, v) -> quantityKeys.put(k.toLowerCase(java.util.Locale.ROOT), v));
        Map<String, String> properties = new LinkedHashMap<>(B2mmlLayout.DEFAULT_PROPERTIES);
        strings(m.path("properties")).forEach((k, v) -> properties.put(k.toLowerCase(java.util.Locale.ROOT), v));
        for (Map.Entry<String, String> e : quantityKeys.entrySet()) {
            if (!MEANINGS.contains(e.getValue())) {
                throw invalid(file, "quantity-keys." + e.getKey(), "must be one of " + MEANINGS + ", not '" + e.getValue() + "'");
            }
        }
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (!MEANINGS.contains(e.getValue())) {
                throw invalid(file, "properties." + e.getKey(), "must be one of " + MEANINGS + ", not '" + e.getValue() + "'");
            }
        }
        JsonNode operation = m.path("operation");
        String operationFrom = operation.path("from").asText("ProcessSegmentID");
        if (!List.of("ProcessSegmentID", "ID", "OperationsSegmentID", "OperationsDefinitionID").contains(operationFrom)) {
            throw invalid(file, "operation.from", "must be ProcessSegmentID, ID, OperationsSegmentID or"
                    + " OperationsDefinitionID, not '" + operationFrom + "'");
        }
        Map<String, String> operationValues = strings(operation.path("values"));
        operationValues.forEach((k, v) -> {
            if (!v.matches("\\d{1,4}")) {
                throw invalid(file, "operation.values." + k, "must be an operation number of 1 to 4 digits, not '" + v + "'");
            }
        });
        JsonNode batch = m.path("batch");
        java.util.regex.Pattern batchPattern = null;
        if (batch.has("pattern")) {
            try {
                batchPattern = java.util.regex.Pattern.compile(batch.path("pattern").asText());
            } catch (java.util.regex.PatternSyntaxException e) {
                throw invalid(file, "batch.pattern", e.getDescription());
            }
        }
        JsonNode movements = inboundEntry.has("goods-movements") ? inboundEntry.path("goods-movements")
                : m.path("goods-movements");
        String consumed = movements.path("consumed").asText("261");
        String produced = movements.path("produced").asText("101");
        for (String type : List.of(consumed, produced)) {
            if (!type.equals("none") && !type.matches("\\d{3}")) {
                throw invalid(file, "goods-movements", "a movement type is three digits or none, not '" + type + "'");
            }
        }
        JsonNode storage = m.path("storage-location");
        return new B2mmlLayout(list(m.path("namespaces"), DEFAULT_B2MML_NAMESPACES), strings(m.path("units")),
                list(m.path("sites"), List.of()), operationFrom, operationValues, Map.copyOf(quantityKeys),
                Map.copyOf(properties), storage.path("property").asText(null), storage.path("default").asText(null),
                batchPattern, batch.path("replacement").asText(""),
                batch.path("max-length").asInt(B2mmlLayout.DEFAULT_BATCH_MAX_LENGTH), consumed, produced);
    }

    private JsonNode read(Path file) {
        try {
            return yaml.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read plant mapping " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String key, Path file) {
        String value = node.path(key).asText("");
        if (value.isBlank()) {
            throw invalid(file, key, "is missing");
        }
        return value;
    }

    private static char single(String value, String key, Path file) {
        String v = "\\t".equals(value) ? "\t" : value;
        if (v.length() != 1) {
            throw invalid(file, key, "must be one character, not '" + value + "'");
        }
        return v.charAt(0);
    }

    private static ZoneId zone(String id, Path file) {
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            throw invalid(file, "time-zone", "unknown time zone '" + id + "'");
        }
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Map<String, Map<String, String>> valueMaps(JsonNode node) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), strings(e.getValue())));
        return out;
    }

    public static List<String> list(JsonNode node, List<String> fallback) {
        if (!node.isArray()) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        node.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    public static IllegalStateException invalid(Path file, String key, String reason) {
        return new IllegalStateException("Plant mapping " + file + ": " + key + " " + reason);
    }
}

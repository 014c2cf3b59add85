package io.meserp.hub.plant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meserp.hub.config.HubProperties;
import io.meserp.hub.event.EventPublisher;
import io.meserp.hub.ledger.FileOutcome;
import io.meserp.hub.ledger.Ledger;
import io.meserp.hub.ledger.NewEvent;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of the plant file route (routes/plant-file-inbound.camel.yaml): take the file in (size, link and
 * fingerprint checks), parse it with the plant's mapping, queue its good records, and conclude with a
 * report and exception records for whatever was refused.
 */
@Component("plantFileIntake")
public class PlantFileIntake {

    private static final Logger LOG = LoggerFactory.getLogger(PlantFileIntake.class);

    public static final String PLANT = "hubPlant";
    public static final String FILE_TAG = "hubFileTag";
    /** The file's name as the plant wrote it (Camel's own name headers follow the file to work/ under its stored name). */
    public static final String FILE_NAME = "hubFileName";
    public static final String FILE_HASH = "hubFileHash";
    static final String BATCH = "hubIntakeBatch";
    /** Set when the file is read in slices: its inbound mapping. */
    static final String SLICES = "hubIntakeSlices";
    /** Events dated further ahead than this are refused: a wrong MES clock or date format, not a real fact. */
    static final java.time.Duration MAX_AHEAD = java.time.Duration.ofHours(24);

    private final HubProperties properties;
    private final PlantRegistry plants;
    private final EventPublisher publisher;
    private final Ledger ledger;
    private final ObjectMapper mapper;
    private final PlantFileReports reports;
    private final PlantContentReader reader;

    public PlantFileIntake(HubProperties properties, PlantRegistry plants, PlantContentReader reader,
            EventPublisher publisher, Ledger ledger, ObjectMapper mapper, PlantFileReports reports) {
        this.properties = properties;
        this.plants = plants;
        this.reader = reader;
        this.publisher = publisher;
        this.ledger = ledger;
        this.mapper = mapper;
        this.reports = reports;
    }

    /** Checks the file before reading it, then reads it and puts its SHA-256 in {@code hubFileHash}. */
    public void receive(Exchange exchange) {
        Path path = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
        if (Files.isSymbolicLink(path)) {
            throw new FileRejectedException("file is a symbolic link; plants must drop regular files");
        }
        long size = exchange.getIn().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        long max = properties.plants().maxFileSize().toBytes();
        if (size > max) {
            throw new FileRejectedException("file is " + size + " bytes, over the limit of " + max
                    + " bytes (hub.plants.max-file-size)");
        }
        if (size == 0) {
            throw new FileRejectedException("file is empty (0 bytes)");
        }
        // The same content read for other flows (a copy under a name another inbound entry matches) is new intake.
        String plantId = exchange.getIn().getHeader(PLANT, String.class);
        String flows = plants.find(plantId)
                .flatMap(p -> p.inboundFor(exchange.getIn().getHeader(FILE_NAME, String.class)))
                .map(i -> String.join("+", i.flows())).orElse("");
        exchange.getIn().setHeader(FILE_HASH, plantId + ":" + sha256(path) + "@" + flows);
    }

    /**
     * Parses the file with the plant's mapping and validates every event against its schema. A CSV file that can be cut
     * at any line ({@link CsvSlices#sliceable}) is only opened here: {@link #queue(IntakeBatch, Exchange)} reads,
     * validates and queues it a slice at a time. Any other file is read whole, within hub.plants.max-document-size.
     */
    public IntakeBatch parse(Exchange exchange) {
        String plantId = exchange.getIn().getHeader(PLANT, String.class);
        String fileName = exchange.getIn().getHeader(FILE_NAME, String.class);
        PlantDefinition plant = plants.find(plantId)
                .orElseThrow(() -> new FileRejectedException("plant '" + plantId + "' is not configured"));
        PlantDefinition.Inbound inbound = plant.inboundFor(fileName)
                .orElseThrow(() -> new FileRejectedException("no inbound mapping of plant " + plantId
                        + " matches the file name '" + fileName + "'"));
        Path path = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
        IntakeBatch batch;
        if (inbound.format() == PlantDefinition.Format.CSV && CsvSlices.sliceable(inbound.csv(), head(path))) {
            batch = IntakeBatch.slices(plant.id(), fileName, String.join("+", inbound.flows()));
            exchange.setProperty(SLICES, inbound);
        } else {
            long max = properties.plants().maxDocumentSize().toBytes();
            long size = fileLength(exchange);
            if (size > max) {
                throw new FileRejectedException("file is " + size + " bytes; a " + (inbound.format() == PlantDefinition
                        .Format.B2MML ? "B2MML document" : "JSON or multi-line CSV file") + " is read whole, and may have "
                        + max + " bytes at most (hub.plants.max-document-size)");
            }
            batch = read(plant, inbound, fileName, readAll(path));
        }
        exchange.setProperty(BATCH, batch);
        return batch;
    }

    /** Reads content of a plant for every flow of its inbound mapping (see {@link PlantContentReader#read}). */
    public IntakeBatch read(PlantDefinition plant, PlantDefinition.Inbound inbound, String sourceName, byte[] content) {
        return reader.read(plant, inbound, sourceName, content);
    }

    /**
     * Queues the batch's good events on their flows' queues. An event whose id the ledger (or this batch) already holds
     * with another fact is not a duplicate: it is refused, with the fact it collided with, and the rest go on.
     */
    public IntakeBatch queue(IntakeBatch batch, Exchange exchange) {
        PlantDefinition.Inbound inbound = exchange.getProperty(SLICES, PlantDefinition.Inbound.class);
        if (inbound == null) {
            return publish(batch);
        }
        PlantDefinition plant = plants.find(batch.plant()).orElseThrow();
        Path path = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
        try (InputStream in = Files.newInputStream(path)) {
            int maxLine = (int) Math.min(Integer.MAX_VALUE - 16, properties.plants().maxDocumentSize().toBytes());
            if (!reader.readInSlices(plant, inbound, in, properties.ingest().batchSize(), maxLine, batch, this::publish)) {
                if (fileLength(exchange) > properties.plants().maxDocumentSize().toBytes()) {
                    throw new FileRejectedException("file has no data rows: a header, or nothing, and blank lines");
                }
                // a header and no rows, or nothing but blank lines: the reader says which
                return publish(read(plant, inbound, batch.fileName(), readAll(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plant file " + path, e);
        }
        return batch;
    }

    /** Queues the good events of content read whole (see {@link #queue(IntakeBatch, Exchange)}). */
    public IntakeBatch publish(IntakeBatch batch) {
        PlantDefinition plant = plants.find(batch.plant()).orElseThrow();
        java.util.Map<String, List<NewEvent>> byFlow = new java.util.LinkedHashMap<>();
        batch.events().forEach(e -> byFlow.computeIfAbsent(e.flow(), k -> new ArrayList<>()).add(e));
        int queued = 0;
        int duplicates = 0;
        for (java.util.Map.Entry<String, List<NewEvent>> entry : byFlow.entrySet()) {
            String queue = plants.flow(entry.getKey()).map(f -> f.queue(plant))
                    .orElseThrow(() -> new IllegalStateException("No flow named " + entry.getKey()));
            EventPublisher.Outcome outcome = publisher.publish(queue, entry.getValue());
            queued += outcome.queued();
            duplicates += outcome.duplicates();
            batch.queuedIds().addAll(outcome.queuedIds());
            for (EventPublisher.Conflict c : outcome.conflicts()) {
                NewEvent e = c.event();
                String location = e.source().startsWith(batch.fileName() + " ")
                        ? e.source().substring(batch.fileName().length() + 1) : e.source();
                batch.rejections().add(new Rejection(location, "id", null, e.eventId(), "event id " + e.eventId()
                        + " was first taken with a different fact (" + c.firstSource() + "); this one is not queued."
                        + " The MES id (or SegmentResponse/ID with order and operation) must name one fact only",
                        e.orderNo(), e.flow()));
            }
        }
        batch.published(queued, duplicates);
        return batch;
    }

    /**
     * Records the file's outcome. Refused rows become exception records and a report next to the file in
     * error/; the exception thrown then moves the file there (its good rows are already queued).
     */
    public void conclude(IntakeBatch batch, Exchange exchange) {
        if (batch.rejections().isEmpty()) {
            ledger.recordFile(outcome(batch, exchange, "ARCHIVED", null));
            LOG.info("Plant {} file {}: {} records, {} queued, {} duplicates", batch.plant(), batch.fileName(),
                    batch.records(), batch.queued(), batch.duplicates());
            return;
        }
        for (Rejection r : batch.rejections()) {
            ledger.recordInputException(r.flow() != null ? r.flow() : batch.flow(), batch.plant(), r.order(),
                    batch.fileName() + " " + r.location(),
                    r.describe(), json(r));
        }
        if (batch.rejectedBeyond() > 0) {
            ledger.recordInputException(batch.flow(), batch.plant(), null, batch.fileName(), batch.rejectedBeyond()
                    + " more rows were refused after the first " + IntakeBatch.MAX_KEPT_REJECTIONS + " problems, which"
                    + " have records of their own; the file is in error/, its report counts them", null);
        }
        String report = writeReport(exchange, batch, "partially-rejected", null);
        ledger.recordFile(outcome(batch, exchange, "PARTIAL", report));
        String message = batch.rejectedRecords() + " of " + batch.records() + " records refused ("
                + batch.queued() + " queued, " + batch.duplicates() + " duplicates); report " + report;
        LOG.warn("Plant {} file {}: {}", batch.plant(), batch.fileName(), message);
        throw new PartiallyRejectedFileException(message);
    }

    /** A file already taken before (same content, any name): nothing is sent again. */
    public void duplicate(Exchange exchange) {
        String plant = exchange.getIn().getHeader(PLANT, String.class);
        String fileName = exchange.getIn().getHeader(FILE_NAME, String.class);
        ledger.recordFile(new FileOutcome(plant, fileName, hashOf(exchange), fileLength(exchange), "DUPLICATE", 0, 0,
                0, null));
        LOG.info("Plant {} file {} has the content of a file already taken; nothing sent", plant, fileName);
    }

    /**
     * Error-policy step for a file refused as a whole: writes its report and an exception record. Partly
     * refused files have theirs already.
     */
    public void refuse(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        // what Camel wrapped (a bean's exception inside a CamelExecutionException) is what the plant is told
        while (cause instanceof org.apache.camel.RuntimeCamelException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof PartiallyRejectedFileException) {
            return;
        }
        String plant = exchange.getIn().getHeader(PLANT, String.class);
        String fileName = exchange.getIn().getHeader(FILE_NAME, String.class);
        String reason = cause instanceof FileRejectedException
                ? cause.getMessage()
                : "file could not be processed (" + cause + "); fix the cause and drop the file again:"
                        + " what was already queued is recognised and not sent twice";
        // a file read in slices may have queued the rows before the one that refused it
        IntakeBatch batch = exchange.getProperty(BATCH, IntakeBatch.empty(plant, fileName), IntakeBatch.class);
        String report = writeReport(exchange, batch, "rejected", reason);
        ledger.recordInputException("file", plant, null, fileName, reason, null);
        ledger.recordFile(outcome(batch, exchange, "REJECTED", report));
        if (cause instanceof FileRejectedException) {
            LOG.warn("Plant {} file {} refused: {}; report {}", plant, fileName, reason, report);
        } else {
            LOG.warn("Plant {} file {} refused: {}; report {}", plant, fileName, reason, report, cause);
        }
    }

    private String writeReport(Exchange exchange, IntakeBatch batch, String outcome, String reason) {
        return reports.write(batch.plant(), exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class),
                batch.fileName(), outcome, reason, batch);
    }

    private FileOutcome outcome(IntakeBatch batch, Exchange exchange, String outcome, String report) {
        return new FileOutcome(batch.plant(), batch.fileName(), hashOf(exchange), fileLength(exchange), outcome,
                batch.queued(), batch.duplicates(), batch.rejectedRecords(), report);
    }

    private static String hashOf(Exchange exchange) {
        String key = exchange.getIn().getHeader(FILE_HASH, String.class);
        return key == null ? null : key.substring(key.indexOf(':') + 1, key.lastIndexOf('@'));
    }

    private static long fileLength(Exchange exchange) {
        return exchange.getIn().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of a file, read as a stream. */
    static String sha256(Path file) {
        try (InputStream in = new java.security.DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((java.security.DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plant file " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first bytes of a file (its byte-order mark, or the first character of JSON). */
    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(4);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plant file " + file, e);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plant file " + file, e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

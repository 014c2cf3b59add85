package io.meserp.hub.plant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meserp.hub.config.HubProperties;
import org.springframework.stereotype.Component;

/** The JSON reports next to refused plant files in {@code error/}: what was refused, where and why. */
@Component
public class PlantFileReports {

    private final HubProperties properties;
    private final ObjectMapper writer;

    public PlantFileReports(HubProperties properties, ObjectMapper mapper) {
        this.properties = properties;
        this.writer = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The report of a file refused as a whole, named {@code <storedName>.report.json}; returns its path in error/. */
    public String write(String plant, String storedName, String fileName, String reason) {
        return write(plant, storedName, fileName, "rejected", reason, IntakeBatch.empty(plant, fileName));
    }

    /** The report of a file as the intake saw it; returns its path relative to the plant folder. */
    String write(String plant, String storedName, String fileName, String outcome, String reason, IntakeBatch batch) {
        String name = storedName + ".report.json";
        Path errorDir = properties.plantDir(plant).resolve("error");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", fileName);
        report.put("plant", plant);
        report.put("checkedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        report.put("outcome", outcome);
        if (reason != null) {
            report.put("reason", reason);
        }
        report.put("records", batch.records());
        report.put("queued", batch.queued());
        report.put("duplicates", batch.duplicates());
        report.put("rejected", batch.rejectedRecords());
        report.put("problems", batch.rejections() == null ? List.of() : batch.rejections());
        if (batch.rejectedBeyond() > 0) {
            report.put("rowsRefusedNotListed", batch.rejectedBeyond());
        }
        try {
            Files.createDirectories(errorDir);
            Path tmp = errorDir.resolve(name + ".tmp");
            writer.writeValue(tmp.toFile(), report);
            Files.move(tmp, errorDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write error report " + name, e);
        }
        return "error/" + name;
    }
}

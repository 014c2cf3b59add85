package io.meserp.hub.plant;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * One plant as its {@code mappings/plants/<plant>/plant.yaml} describes it: which ERP plant it books into,
 * which files in its inbox carry which flow in which format, and how it receives released orders (null: it
 * receives none).
 */
public record PlantDefinition(String id, String name, String erpPlant, ZoneId erpTimeZone, List<Inbound> inbound,
        ReleaseSettings release) {

    /** Files matching {@code files} (a glob on the file name) are read with {@code format} and its mapping. */
    public record Inbound(String flow, String files, Format format, CsvLayout csv, B2mmlLayout b2mml) {

        boolean matches(String fileName) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + files);
            return matcher.matches(Path.of(fileName));
        }
    }

    public enum Format { CSV, B2MML }

    /** The inbound mapping for a file name, if the plant has one. */
    public Optional<Inbound> inboundFor(String fileName) {
        return inbound.stream().filter(i -> i.matches(fileName)).findFirst();
    }
}

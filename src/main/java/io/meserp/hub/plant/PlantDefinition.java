package io.meserp.hub.plant;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * One plant as its {@code mappings/plants/<plant>/plant.yaml} describes it: which ERP plant it books into,
 * which files in its inbox carry which flow in which format and how they arrive there, how it receives released orders
 * (null: it receives none), and which ERP connector ({@code erp}, a folder of mappings/erp/) books its events.
 */
public record PlantDefinition(String id, String name, String erpPlant, ZoneId erpTimeZone, List<Inbound> inbound,
        ReleaseSettings release, java.util.Map<String, Object> sections, String erp, ShiftCalendar shifts,
        FileArrival fileArrival) {

    /**
     * How the plant's MES puts a file into the inbox ({@code file-arrival:} in plant.yaml). {@code WRITTEN_IN_PLACE}
     * (the default): the file may still grow under its final name, so the hub takes it only once its size and date have
     * stood still for hub.plants.read-lock-min-age. {@code RENAMED}: the MES writes under a temporary name (*.tmp, *.part,
     * *.partial or a dot-file, which the hub never touches) and renames the file when it is complete, so a file under
     * its final name is whole and is taken at the next look into the inbox.
     */
    public enum FileArrival {
        WRITTEN_IN_PLACE, RENAMED;

        /** The value of {@code file-arrival:} in {@code file}: written-in-place or renamed. */
        static FileArrival of(String value, Path file) {
            return switch (value) {
                case "written-in-place" -> WRITTEN_IN_PLACE;
                case "renamed" -> RENAMED;
                default -> throw PlantRegistry.invalid(file, "file-arrival", "must be written-in-place (the MES writes a"
                        + " file under its final name) or renamed (it writes under a temporary name and renames the file"
                        + " when complete), not '" + value + "'");
            };
        }
    }

    /** The plant's settings of a workflow's section of plant.yaml (its defaults when plant.yaml has none). */
    @SuppressWarnings("unchecked")
    public <T> T settings(PlantSection<T> section) {
        if (!sections.containsKey(section.key())) {
            throw new IllegalStateException("plant " + id + " was loaded without section " + section.key()
                    + " (its workflow's flow is not registered)");
        }
        return (T) sections.get(section.key());
    }

    /**
     * The plant's shifts in its local time zone; reconciliation runs after each one. A shift whose end is not after its
     * start runs past midnight and belongs to the day it starts.
     */
    public record ShiftCalendar(ZoneId zone, List<Shift> shifts) {

        public static final ShiftCalendar NONE = new ShiftCalendar(ZoneId.of("UTC"), List.of());

        public Optional<Shift> shift(String name) {
            return shifts.stream().filter(s -> s.name().equals(name)).findFirst();
        }

        /** The shift's span on the day it starts, as instants. */
        public java.time.OffsetDateTime[] window(Shift shift, java.time.LocalDate day) {
            java.time.ZonedDateTime from = day.atTime(shift.start()).atZone(zone);
            java.time.LocalDate endDay = shift.end().isAfter(shift.start()) ? day : day.plusDays(1);
            java.time.ZonedDateTime to = endDay.atTime(shift.end()).atZone(zone);
            return new java.time.OffsetDateTime[] {from.toOffsetDateTime(), to.toOffsetDateTime()};
        }
    }

    public record Shift(String name, java.time.LocalTime start, java.time.LocalTime end) {
    }


    /**
     * Files matching {@code files} (a glob on the file name) are read with {@code format} and its mapping, for each of
     * {@code flows} (a B2MML performance report may feed confirmations and goods movements at once).
     */
    public record Inbound(List<String> flows, String files, Format format, CsvLayout csv, B2mmlLayout b2mml) {

        /** The first flow: the only one of a CSV mapping. */
        public String flow() {
            return flows.get(0);
        }

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

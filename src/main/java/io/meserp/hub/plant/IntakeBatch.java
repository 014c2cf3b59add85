package io.meserp.hub.plant;

import java.util.ArrayList;
import java.util.List;

import io.meserp.hub.ledger.NewEvent;

/**
 * One plant file on its way through the intake: its events, its refused rows and what became of them. A file read in
 * slices ({@link CsvSlices}) adds up each slice's counts ({@link #absorb}) and keeps no events; of its refused rows it
 * keeps the first {@link #MAX_KEPT_REJECTIONS} problems and counts the rest.
 */
public class IntakeBatch {

    /** Problems a file's batch keeps one by one (each an exception record and a line of its report). */
    public static final int MAX_KEPT_REJECTIONS = 10_000;

    private final String plant;
    private final String fileName;
    private final String flow;
    private int records;
    /** Refused rows beyond the problems kept. */
    private int rejectedBeyond;
    private final List<NewEvent> events;
    private final List<Rejection> rejections;
    private int queued;
    private int duplicates;
    private final java.util.Set<String> queuedIds = new java.util.HashSet<>();

    public IntakeBatch(String plant, String fileName, String flow, int records, List<NewEvent> events,
            List<Rejection> rejections) {
        this.plant = plant;
        this.fileName = fileName;
        this.flow = flow;
        this.records = records;
        this.events = events;
        this.rejections = rejections;
    }

    public String plant() {
        return plant;
    }

    public String fileName() {
        return fileName;
    }

    public String flow() {
        return flow;
    }

    public int records() {
        return records;
    }

    public List<NewEvent> events() {
        return events;
    }

    public List<Rejection> rejections() {
        return rejections;
    }

    /** Rows or elements refused: a row with three bad fields counts once. */
    public int rejectedRecords() {
        return (int) rejections.stream().map(Rejection::location).distinct().count() + rejectedBeyond;
    }

    /** Refused rows whose problems are not kept one by one (over {@link #MAX_KEPT_REJECTIONS}). */
    public int rejectedBeyond() {
        return rejectedBeyond;
    }

    /** Adds what became of one slice of this file; its events are queued already and are not kept. */
    void absorb(IntakeBatch slice) {
        records += slice.records();
        queued += slice.queued();
        duplicates += slice.duplicates();
        java.util.Set<String> beyond = new java.util.HashSet<>();
        for (Rejection r : slice.rejections()) {
            if (rejections.size() < MAX_KEPT_REJECTIONS) {
                rejections.add(r);
            } else {
                beyond.add(r.location());
            }
        }
        if (!beyond.isEmpty()) {
            // a row whose first problems are kept is counted there
            rejections.forEach(r -> beyond.remove(r.location()));
        }
        rejectedBeyond += beyond.size();
    }

    public int queued() {
        return queued;
    }

    public int duplicates() {
        return duplicates;
    }

    public void published(int queuedNow, int duplicatesNow) {
        this.queued = queuedNow;
        this.duplicates = duplicatesNow;
    }

    /** The ids of the events this batch put on a queue (the others were duplicates or refused). */
    public java.util.Set<String> queuedIds() {
        return queuedIds;
    }

    /** A file to be read in slices: counts start at nothing. */
    static IntakeBatch slices(String plant, String fileName, String flow) {
        return new IntakeBatch(plant, fileName, flow, 0, List.of(), new ArrayList<>());
    }

    static IntakeBatch empty(String plant, String fileName) {
        return new IntakeBatch(plant, fileName, null, 0, List.of(), new ArrayList<>());
    }
}

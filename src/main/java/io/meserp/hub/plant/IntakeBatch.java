package io.meserp.hub.plant;

import java.util.ArrayList;
import java.util.List;

import io.meserp.hub.ledger.NewEvent;

/** One plant file on its way through the intake: its events, its refused rows and what became of them. */
public class IntakeBatch {

    private final String plant;
    private final String fileName;
    private final String flow;
    private final int records;
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
        return (int) rejections.stream().map(Rejection::location).distinct().count();
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

    static IntakeBatch empty(String plant, String fileName) {
        return new IntakeBatch(plant, fileName, null, 0, List.of(), new ArrayList<>());
    }
}

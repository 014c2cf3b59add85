package io.meserp.hub.plant;

/** A record read from a plant file, with where it came from ("row 12 (line 13)", "SegmentResponse[3]"). */
public record Parsed<T>(String location, T value) {
}

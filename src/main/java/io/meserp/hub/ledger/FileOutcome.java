package io.meserp.hub.ledger;

/** What became of one plant file: archived, partly or wholly rejected, or a duplicate of a file already taken. */
public record FileOutcome(String plant, String fileName, String sha256, long sizeBytes, String outcome, int accepted,
        int duplicates, int rejected, String report) {
}

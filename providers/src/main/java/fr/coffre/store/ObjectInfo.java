package fr.coffre.store;

import java.time.Instant;

/** What a store knows of one stored object: its name, its size in bytes, and when it was last written (may be null). */
public record ObjectInfo(String name, long sizeBytes, Instant lastModified) {
    public ObjectInfo {
        if (name == null || name.isEmpty()) {
            throw new fr.coffre.InvalidInputException("name: must be non-empty");
        }
        if (sizeBytes < 0) {
            throw new fr.coffre.InvalidInputException("sizeBytes: must be >= 0, was " + sizeBytes);
        }
    }
}

package fr.coffre.core.registry;

import fr.coffre.InvalidInputException;
import java.util.Arrays;

/**
 * One registry entry as a storage backend keeps it: its kind ({@code data-key} or {@code secret}), its id (a
 * keyed pseudonym, {@code [a-z0-9-]{1,100}}), its generation (0 when created, +1 on every replace), whether it is
 * a tombstone, and its document (the entry's JSON, which carries the same generation and state, kept byte for
 * byte). The document holds wrapped keys only, never a key in clear; it is still kept off logs.
 */
public record StoredEntry(String kind, String id, long generation, boolean destroyed, byte[] document) {

    public StoredEntry {
        if (kind == null || id == null || document == null) {
            throw new InvalidInputException("stored entry: kind, id and document must be set");
        }
        if (generation < 0) {
            throw new InvalidInputException("stored entry: generation must be >= 0, was " + generation);
        }
        document = document.clone();
    }

    @Override
    public byte[] document() {
        return document.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredEntry e && kind.equals(e.kind) && id.equals(e.id) && generation == e.generation
                && destroyed == e.destroyed && Arrays.equals(document, e.document);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + id.hashCode()) + Long.hashCode(generation);
    }

    /** Kind, id, generation and state; the document (wrapped keys) stays off logs. */
    @Override
    public String toString() {
        return "StoredEntry[" + kind + "/" + id + ", generation " + generation + (destroyed ? ", destroyed" : "")
                + ", " + document.length + " bytes redacted]";
    }
}

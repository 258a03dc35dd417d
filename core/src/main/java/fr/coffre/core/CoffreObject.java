package fr.coffre.core;

import fr.coffre.crypto.SealedMetadata;
import java.io.IOException;
import java.io.InputStream;

/**
 * An object being read: its authenticated sealed metadata and its plaintext (the whole object or the requested
 * range). The stream releases a segment only once its tag verified; tampering met while reading throws
 * {@link fr.coffre.crypto.TamperedObjectException} (unchecked) from {@code read}. Close it to release the store
 * connection.
 */
public final class CoffreObject implements AutoCloseable {
    private final SealedMetadata metadata;
    private final InputStream content;

    CoffreObject(SealedMetadata metadata, InputStream content) {
        this.metadata = metadata;
        this.content = content;
    }

    public SealedMetadata metadata() {
        return metadata;
    }

    public InputStream content() {
        return content;
    }

    /** Reads the rest of the content into memory: only for objects known to be small. */
    public byte[] readAllBytes() throws IOException {
        return content.readAllBytes();
    }

    @Override
    public void close() throws IOException {
        content.close();
    }

    @Override
    public String toString() {
        return "CoffreObject[" + metadata + "]";
    }
}

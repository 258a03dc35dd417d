package fr.coffre.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An opened COF1 object (whole or a range of it): its authenticated sealed metadata and a stream of plaintext that
 * releases each segment only after its tag verified. Reading past a tampered segment throws
 * {@link TamperedObjectException} (unchecked); a truncated object throws it at the point where the final segment is
 * missing. Only {@link Cof1} creates instances, so metadata and content always come from one authenticated object.
 *
 * <p>{@link #close()} releases the underlying stream (for a store, its connection) and throws no checked exception:
 * a failure to close surfaces as {@link UncheckedIOException}. Not thread-safe: one reader at a time.
 */
public final class DecryptedObject implements AutoCloseable {
    private final SealedMetadata metadata;
    private final InputStream content;

    DecryptedObject(SealedMetadata metadata, InputStream content) {
        this.metadata = metadata;
        this.content = content;
    }

    /** The authenticated sealed metadata (content type, entries, declared plaintext length). */
    public SealedMetadata metadata() {
        return metadata;
    }

    /** The plaintext: the whole object, or exactly the requested range. */
    public InputStream content() {
        return content;
    }

    /** Reads the rest of the content into memory: only for objects known to be small. */
    public byte[] readAllBytes() throws IOException {
        return content.readAllBytes();
    }

    @Override
    public void close() {
        try {
            content.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "DecryptedObject[" + metadata + "]";
    }
}

package fr.coffre.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An opened COF1 object: its authenticated sealed metadata and a stream of plaintext that releases each
 * segment only after its tag verified. Reading past a tampered segment throws {@link TamperedObjectException}
 * (unchecked); a truncated object throws it at the point where the final segment is missing.
 */
public final class DecryptedObject implements AutoCloseable {
    private final SealedMetadata metadata;
    private final InputStream content;

    public DecryptedObject(SealedMetadata metadata, InputStream content) {
        this.metadata = metadata;
        this.content = content;
    }

    public SealedMetadata metadata() {
        return metadata;
    }

    public InputStream content() {
        return content;
    }

    @Override
    public void close() {
        try {
            content.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package fr.coffre.core.migration;

import fr.coffre.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends entries to the manifest and makes them durable in batches: {@code fsync} after {@code batchSize} entries
 * or {@code maxDelayNanos}, whichever comes first, and on {@link #close}. An entry is appended only after its object
 * is stored at the destination, so a kill loses at most the last unsynced batch: those objects are copied again
 * (an idempotent, atomic put) on the next run. Thread-safe.
 */
final class ManifestLog implements AutoCloseable {
    private final FileChannel channel;
    private final int batchSize;
    private final long maxDelayNanos;
    private final StringBuilder pending = new StringBuilder();
    private int pendingEntries;
    private long lastSync = System.nanoTime();
    private long syncs;

    ManifestLog(Path path, int batchSize, long maxDelayNanos) {
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StoreException("manifest: cannot open " + path + " for appending", e);
        }
        this.batchSize = batchSize;
        this.maxDelayNanos = maxDelayNanos;
    }

    synchronized void append(ManifestEntry entry) {
        pending.append(entry.encode()).append('\n');
        pendingEntries++;
        if (pendingEntries >= batchSize || System.nanoTime() - lastSync >= maxDelayNanos) {
            sync();
        }
    }

    /** Writes and fsyncs what is pending. */
    synchronized void sync() {
        if (pendingEntries == 0) {
            return;
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new StoreException("manifest: writing the checkpoint failed", e);
        }
        pending.setLength(0);
        pendingEntries = 0;
        lastSync = System.nanoTime();
        syncs++;
    }

    synchronized long syncs() {
        return syncs;
    }

    @Override
    public synchronized void close() {
        try {
            sync();
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                throw new StoreException("manifest: closing failed", e);
            }
        }
    }
}

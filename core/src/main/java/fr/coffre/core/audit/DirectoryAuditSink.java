package fr.coffre.core.audit;

import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.SecretBytes;
import fr.coffre.custody.KeyCustodian;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The default {@link AuditSink}: JSON-lines files {@code audit-NNNNNN.jsonl} in a directory on the custody side
 * (AUDIT.md), rotated by size, chained by SHA-256, each line authenticated by HMAC-SHA-256 under a key held only
 * wrapped by the custodian. A checkpoint (count and head hash) is written every {@link Builder#checkpointEvery}
 * records and at {@link #close()}. Whole rotated files older than the {@link Builder#retention} are removed at open
 * and after each rotation, behind an authenticated anchor ({@code audit-retention.json}). Concurrent appends are
 * serialised; their fsyncs are batched (group commit). When an append returns depends on the
 * {@link Builder#durability} ({@link AuditDurability}): after a force covering its line, or for data accesses in
 * bounded mode after the write, a daemon flusher forcing the file within the bound. One writing process per
 * directory.
 */
public final class DirectoryAuditSink implements AuditSink {
    private final Path dir;
    private final SecretBytes key;
    private final long maxFileBytes;
    private final int checkpointEvery;
    private final Clock clock;
    private final KeyCustodian custodian;
    private final String masterKeyId;
    private final java.time.temporal.TemporalAmount retention;
    private boolean rotated;
    private FileChannel channel;
    private int fileIndex;
    private long fileBytes;
    private long seq;
    private String head;
    private long sinceCheckpoint;
    private long written;
    private long synced;
    private boolean syncing;
    private boolean closed;
    private String failure;
    private boolean flusherIdle;
    private final AuditDurability durability;
    private final Thread flusher;

    private DirectoryAuditSink(Builder b) {
        this.dir = b.directory;
        this.maxFileBytes = b.maxFileBytes;
        this.checkpointEvery = b.checkpointEvery;
        this.clock = b.clock;
        this.custodian = b.custodian;
        this.masterKeyId = b.masterKeyId;
        this.retention = b.retention;
        this.durability = b.durability;
        try {
            AuditKey.createPrivateDirectory(dir);
            this.key = AuditKey.openOrCreate(dir, b.custodian, b.masterKeyId, b.random);
            List<Path> files = AuditVerifier.trailFiles(dir);
            head = AuditLines.GENESIS;
            fileIndex = files.isEmpty() ? 1 : AuditLines.fileIndex(files.get(files.size() - 1));
            for (int i = files.size() - 1; i >= 0 && seq == 0; i--) {
                List<String> lines = Files.readAllLines(files.get(i), StandardCharsets.UTF_8);
                if (!lines.isEmpty()) {
                    String last = lines.get(lines.size() - 1);
                    seq = AuditLines.JSON.readTree(last).path("seq").asLong();
                    head = AuditLines.hash(last);
                }
            }
            openFile();
            pruneExpired();
            channel.force(false);
            synced = written;
        } catch (IOException e) {
            throw new CoffreException("audit trail " + dir + ": cannot open (" + e.getClass().getSimpleName() + ")");
        }
        flusher = durability.isBounded() ? startFlusher() : null;
    }

    private Thread startFlusher() {
        Thread t = new Thread(this::flushLoop, "coffre-audit-flusher");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Bounded durability: forces, at most {@code maxDelay} after a deferred line was written, every line so far. */
    private void flushLoop() {
        long delayNanos = durability.maxDelay().toNanos();
        try {
            while (true) {
                FileChannel c;
                long target;
                synchronized (this) {
                    while (!closed && failure == null && synced >= written) {
                        flusherIdle = true;
                        wait();
                    }
                    flusherIdle = false;
                    long deadline = System.nanoTime() + delayNanos;
                    for (long left = delayNanos; !closed && failure == null && left > 0;
                            left = deadline - System.nanoTime()) {
                        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                    while (syncing && !closed && failure == null) {
                        wait();
                    }
                    if (closed || failure != null) {
                        return;
                    }
                    if (synced >= written) {
                        continue;
                    }
                    syncing = true;
                    target = written;
                    c = channel;
                }
                force(c, target);
            }
        } catch (InterruptedException e) {
            synchronized (this) {
                failure = "flusher interrupted";
                notifyAll();
            }
        } catch (CoffreException e) {
            // recorded in failure by force; later appends fail
        }
    }

    /** Removes the files older than the retention and records it in the trail; caller holds the monitor. */
    private void pruneExpired() {
        String note;
        try {
            Instant now = Instant.now(clock);
            note = AuditRetention.prune(dir, key, AuditRetention.cutoff(now, retention), now);
        } catch (IOException e) {
            throw new CoffreException("audit trail " + dir + ": retention failed (" + e.getClass().getSimpleName()
                    + ")");
        }
        if (note != null) {
            AuditRecord pruned = AuditRecord.event(null, AuditRecord.RETENTION, null, null, null, null, note,
                    AuditRecord.OK);
            write(pruned, AuditLines.fields(pruned), null, false);
        }
    }

    /** Fails with {@link InvalidInputException} naming {@code field} unless {@code retention} is 1 day to 100 years. */
    public static void checkRetention(String field, java.time.temporal.TemporalAmount retention) {
        AuditRetention.checked(field, retention);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path directory() {
        return dir;
    }

    /** Seals {@code data} for {@code purpose} under the trail's custody-held key ({@link AuditVerifier#sealValid}). */
    public synchronized String seal(String purpose, byte[] data) {
        checkOpen();
        return AuditLines.seal(key, purpose, data);
    }

    /** Re-protects the trail's key under the master key's current version (after a rotation, before a retirement). */
    public synchronized void rewrapKey() {
        checkOpen();
        AuditKey.write(dir.resolve(AuditKey.FILE), custodian, masterKeyId, key);
    }

    private void openFile() throws IOException {
        AuditKey.createPrivateFile(dir.resolve(AuditLines.fileName(fileIndex)));
        channel = FileChannel.open(dir.resolve(AuditLines.fileName(fileIndex)), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        fileBytes = channel.size();
    }

    @Override
    public AuditRecord append(AuditRecord event) {
        AuditRecord stamped;
        long ticket;
        String fields = AuditLines.fields(event); // outside the monitor: appends from many threads queue on it
        synchronized (this) {
            checkOpen();
            stamped = write(event, fields, null, false);
            boolean administrative = !durability.defers(event.action());
            if (++sinceCheckpoint >= checkpointEvery) {
                checkpoint(false);
                administrative = true;
            }
            if (rotated) {
                rotated = false;
                pruneExpired();
                administrative = true;
            }
            ticket = written;
            if (!administrative) {
                if (flusherIdle) {
                    flusherIdle = false;
                    notifyAll();
                }
                return stamped;
            }
        }
        awaitDurable(ticket);
        return stamped;
    }

    /** Appends one line ({@code fields}: {@link AuditLines#fields} of {@code event}); caller holds the monitor. */
    private AuditRecord write(AuditRecord event, String fields, Long count, boolean last) {
        AuditRecord r = event.stamped(seq + 1, Instant.now(clock));
        String line = AuditLines.encode(r.seq(), r.time(), fields, count, last, head, key);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (fileBytes > 0 && fileBytes + bytes.length > maxFileBytes && !syncing) {
                channel.force(false);
                synced = written;
                channel.close();
                fileIndex++;
                openFile();
                rotated = true;
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new CoffreException("audit trail " + dir + ": write failed (" + e.getClass().getSimpleName() + ")");
        }
        fileBytes += bytes.length;
        seq = r.seq();
        head = AuditLines.hash(line);
        written++;
        return r;
    }

    private void checkpoint(boolean last) {
        AuditRecord checkpoint = AuditRecord.event(null, AuditRecord.CHECKPOINT, null, null, null, null, null,
                AuditRecord.OK);
        write(checkpoint, AuditLines.fields(checkpoint), seq, last);
        sinceCheckpoint = 0;
    }

    /** Group commit: one caller forces the file, outside the monitor, for every line written so far. */
    private void awaitDurable(long ticket) {
        FileChannel c;
        long target;
        synchronized (this) {
            while (synced < ticket && syncing) {
                waitUninterruptibly();
            }
            if (synced >= ticket) {
                return;
            }
            if (failure != null) {
                throw new CoffreException("audit trail " + dir + ": " + failure + "; the record may not be durable");
            }
            syncing = true;
            target = written;
            c = channel;
        }
        force(c, target);
    }

    /** Forces {@code c} (the caller set {@code syncing}); a failure fails the sink for every later append. */
    private void force(FileChannel c, long target) {
        String failed = null;
        try {
            c.force(false);
        } catch (IOException e) {
            failed = "fsync failed (" + e.getClass().getSimpleName() + ")";
            throw new CoffreException("audit trail " + dir + ": " + failed);
        } finally {
            synchronized (this) {
                if (failed == null) {
                    synced = Math.max(synced, target);
                } else if (failure == null) {
                    failure = failed;
                }
                syncing = false;
                notifyAll();
            }
        }
    }

    private void waitUninterruptibly() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoffreException("audit trail " + dir + ": interrupted waiting for fsync");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new CoffreException("audit trail " + dir + ": closed");
        }
        if (failure != null) {
            throw new CoffreException("audit trail " + dir + ": " + failure + "; no further record accepted");
        }
    }

    /**
     * Stops the flusher, then (unless an fsync failed) writes the final checkpoint and forces the file; later
     * appends fail.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        if (flusher != null) {
            joinUninterruptibly(flusher);
        }
        synchronized (this) {
            while (syncing) {
                waitUninterruptibly();
            }
            try {
                if (failure == null) {
                    checkpoint(true);
                    channel.force(false);
                    synced = written;
                }
                channel.close();
            } catch (IOException e) {
                throw new CoffreException("audit trail " + dir + ": close failed (" + e.getClass().getSimpleName()
                        + ")");
            } finally {
                key.destroy();
            }
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "DirectoryAuditSink[" + dir + "]";
    }

    /** Builds a sink. Required: {@link #directory}, {@link #custodian}, {@link #masterKeyId}. */
    public static final class Builder {
        private Path directory;
        private KeyCustodian custodian;
        private String masterKeyId;
        private long maxFileBytes = 16L << 20;
        private int checkpointEvery = 1000;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private java.time.temporal.TemporalAmount retention = AuditRetention.DEFAULT;
        private AuditDurability durability = AuditDurability.DEFAULT;

        private Builder() {
        }

        /** When an append returns relative to its fsync; default {@link AuditDurability#DEFAULT} (bounded, 10 ms). */
        public Builder durability(AuditDurability value) {
            this.durability = value;
            return this;
        }

        /**
         * How long records are kept, a {@link java.time.Period} (e.g. {@code Period.ofYears(3)}) or a
         * {@link java.time.Duration}: whole rotated files whose last record is older are removed (AUDIT.md,
         * "Retention"); 1 day to 100 years, default 6 months (the public-health code's six rolling months).
         */
        public Builder retention(java.time.temporal.TemporalAmount value) {
            this.retention = value;
            return this;
        }

        public Builder directory(Path value) {
            this.directory = value;
            return this;
        }

        /** Holds the master key that wraps the trail's HMAC key. */
        public Builder custodian(KeyCustodian value) {
            this.custodian = value;
            return this;
        }

        public Builder masterKeyId(String value) {
            this.masterKeyId = value;
            return this;
        }

        /** A new file is started before one would exceed this size; 1 KiB to 1 GiB, default 16 MiB. */
        public Builder maxFileBytes(long value) {
            this.maxFileBytes = value;
            return this;
        }

        /** A checkpoint every this many records; 1 to 1,000,000, default 1000. */
        public Builder checkpointEvery(int value) {
            this.checkpointEvery = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder secureRandom(SecureRandom value) {
            this.random = value;
            return this;
        }

        public DirectoryAuditSink build() {
            if (directory == null) {
                throw new InvalidInputException("directory: must be set");
            }
            if (custodian == null) {
                throw new InvalidInputException("custodian: must be set");
            }
            if (masterKeyId == null) {
                throw new InvalidInputException("masterKeyId: must be set");
            }
            if (maxFileBytes < 1024 || maxFileBytes > (1L << 30)) {
                throw new InvalidInputException("maxFileBytes: must be in [1024, 2^30], was " + maxFileBytes);
            }
            if (checkpointEvery < 1 || checkpointEvery > 1_000_000) {
                throw new InvalidInputException("checkpointEvery: must be in [1, 1000000], was " + checkpointEvery);
            }
            checkRetention("retention", retention);
            if (clock == null || random == null || durability == null) {
                throw new InvalidInputException("clock, secureRandom, durability: must be non-null");
            }
            return new DirectoryAuditSink(this);
        }
    }
}

package fr.coffre.core.migration;

import fr.coffre.core.Coffre;
import fr.coffre.core.RegistryMismatchException;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.time.Instant;

/**
 * Copies every object of one store to another <b>as ciphertext, under the same opaque names</b>: no key is needed,
 * none is given to either store. Resumable, incremental and bounded in memory:
 *
 * <ul>
 *   <li><b>Streaming merge.</b> The source listing, the destination listing and the {@linkplain Manifest manifest}
 *       are read in name order side by side (one listing page and one manifest line of each at a time), so memory
 *       does not grow with the number of objects. An object is skipped when the manifest records it with the size
 *       the source lists and the destination holds it with that size; otherwise it is copied.</li>
 *   <li><b>Checkpoint.</b> Each copy is appended to the manifest after the destination has stored it; appends are
 *       fsync'd every {@value #SYNC_BATCH} entries or quarter of a second. A run killed at any instant (even {@code SIGKILL})
 *       leaves at the destination only whole objects (puts are atomic) and in the manifest only objects the
 *       destination holds; the next run copies again at most the last unsynced batch.</li>
 *   <li><b>Delta.</b> With {@code delta}, an object whose size did not change is also compared by the SHA-256 of
 *       its COF1 header (a fresh salt per write, so any rewrite changes it; one ranged read per object). Objects
 *       deleted at the source are always reported, and removed at the destination only with {@code delete}.</li>
 *   <li><b>Parallel, capped.</b> {@code jobs} transfers at a time; {@code maxBytesPerSecond} caps them all.</li>
 * </ul>
 *
 * <p>Manifest cost: one line of about 200 bytes plus the store name per object (two hex SHA-256, size, CRC32), one
 * fsync per batch; compaction at the start of each run sorts it in chunks of {@value #SORT_CHUNK} lines (see
 * MIGRATION.md for measurements). A manifest belongs to one (source, destination) pair: opening it for another pair
 * is refused.
 */
public final class Migration {
    /** Manifest entries per fsync. */
    static final int SYNC_BATCH = 128;
    /** Longest time an appended manifest entry waits for its fsync. */
    static final long SYNC_DELAY_NANOS = 250_000_000L;
    /** Manifest lines sorted in memory at a time during compaction. */
    static final int SORT_CHUNK = 200_000;
    /** Default transfers at a time: measured on the local Swift to Azurite run (see MIGRATION.md). */
    public static final int DEFAULT_JOBS = 16;

    private final ObjectStore source;
    private final ObjectStore destination;
    private final MigrationSettings settings;
    private final MigrationListener listener;
    private final int sortChunk;
    private final boolean reconcile;

    private Migration(Builder b) {
        this.source = b.source;
        this.destination = b.destination;
        this.settings = new MigrationSettings(b.manifest, b.prefix, b.jobs, b.delta, b.delete, b.dryRun,
                b.maxBytesPerSecond);
        this.listener = b.listener;
        this.sortChunk = b.sortChunk;
        this.reconcile = b.reconcile;
    }

    public static Builder builder() {
        return new Builder();
    }

    public MigrationSettings settings() {
        return settings;
    }

    /**
     * Runs the migration (or the delta pass) to the end. Per-object failures are counted in the report and do not
     * stop the run; a failure to list a store or to write the manifest does (what was recorded stays recorded).
     *
     * @throws fr.coffre.store.StoreException if a listing or the manifest fails
     * @throws InvalidInputException if the manifest belongs to another pair of stores
     * @throws RegistryMismatchException if the destination's vault marker names another key registry than the
     *         source's (before anything is copied)
     */
    public MigrationReport run() {
        return execute(null);
    }

    /**
     * Runs the migration and proves its result in the same pass, at ciphertext depth: every object it copies is
     * read back from the destination and its SHA-256 compared with that of the bytes read at the source and sent
     * (the source is read once, as AWS DataSync verifies what it transferred); every object it skips (copied by an
     * earlier run) is compared at both sides as {@link Verification} does; an object left at the destination only
     * is a difference. The verification report says CLEAN only if the destination holds exactly the source.
     *
     * @throws InvalidInputException in a dry run (nothing is copied, so nothing can be proved)
     * @throws fr.coffre.store.StoreException if a listing or the manifest fails
     * @throws RegistryMismatchException as {@link #run()}
     */
    public VerifiedMigrationReport runVerified() {
        if (settings.dryRun()) {
            throw new InvalidInputException("dryRun: a dry run copies nothing to verify; run it without dryRun");
        }
        Findings findings = new Findings();
        ExecutorService sides = BothSides.newSidesExecutor("coffre-migrate-source");
        try {
            MigrationReport migration = execute(new Transfers.Proof(findings, sides));
            return new VerifiedMigrationReport(migration, findings.report(migration.source(),
                    migration.destination(), Verification.Depth.CIPHERTEXT, Sample.ALL, migration.duration()));
        } finally {
            sides.shutdown();
        }
    }

    private MigrationReport execute(Transfers.Proof proof) {
        Instant started = Instant.now();
        String src = source.descriptor().toString();
        String dst = destination.descriptor().toString();
        listener.started(source.descriptor(), destination.descriptor(), settings);
        Manifest manifest = Manifest.open(settings.manifest(), src, dst, settings.dryRun(), sortChunk);
        Tally tally = new Tally();
        BoundedPool pool = new BoundedPool(settings.jobs(), "coffre-migrate");
        ManifestLog log = settings.dryRun() ? null : new ManifestLog(manifest.path(), SYNC_BATCH, SYNC_DELAY_NANOS);
        try {
            carryVaultMarker();
            Transfers transfers = new Transfers(source, destination, log, settings.dryRun(),
                    settings.maxBytesPerSecond() > 0 ? new RateLimiter(settings.maxBytesPerSecond()) : null, tally,
                    listener, proof);
            merge(manifest, transfers, tally, pool);
        } finally {
            pool.close();
            if (log != null) {
                log.close();
            }
            manifest.discardView(settings.dryRun());
        }
        MigrationReport report = tally.report(src, dst, settings, started, manifest.sortedEntryCount(),
                log == null ? 0 : log.syncs());
        listener.finished(report);
        return report;
    }

    /**
     * The source's vault marker ({@link Coffre#VAULT_MARKER}) goes to the destination before any object, so the copy
     * refuses a Coffre on another registry as the source does; a destination whose marker names another registry is
     * refused before anything is copied (also in a dry run). Not counted in the report.
     */
    private void carryVaultMarker() {
        byte[] at = marker(source);
        if (at == null) {
            return;
        }
        byte[] there = marker(destination);
        if (there != null && !java.util.Arrays.equals(firstLine(at), firstLine(there))) {
            throw new RegistryMismatchException("migrate: destination " + destination.descriptor() + " belongs to"
                    + " another key registry than the source (its " + Coffre.VAULT_MARKER + " differs); nothing was"
                    + " copied");
        }
        // the destination's marker says no more than the source's: "names padded" only if both say it
        if ((there == null || there.length > at.length) && !settings.dryRun()) {
            destination.put(Coffre.VAULT_MARKER, new java.io.ByteArrayInputStream(at), at.length);
        }
    }

    /** The marker's fingerprint line (its registry); a second line only tells how the store's names were written. */
    private static byte[] firstLine(byte[] marker) {
        for (int i = 0; i < marker.length; i++) {
            if (marker[i] == '\n') {
                return java.util.Arrays.copyOf(marker, i + 1);
            }
        }
        return marker;
    }

    private static byte[] marker(ObjectStore store) {
        try (java.io.InputStream in = store.get(Coffre.VAULT_MARKER)) {
            return in.readNBytes(1024);
        } catch (fr.coffre.store.ObjectNotFoundException | fr.coffre.store.ContainerNotFoundException absent) {
            return null;
        } catch (java.io.IOException e) {
            throw new fr.coffre.store.StoreUnavailableException("migrate: reading " + Coffre.VAULT_MARKER + " of "
                    + store.descriptor() + " failed", e);
        }
    }

    private void merge(Manifest manifest, Transfers transfers, Tally tally, BoundedPool pool) {
        Peeking<ObjectInfo> s = new Peeking<>(new StoreListing(source, settings.prefix()), ObjectInfo::name);
        Peeking<ObjectInfo> d = new Peeking<>(new StoreListing(destination, settings.prefix()), ObjectInfo::name);
        Peeking<ManifestEntry> m = new Peeking<>(manifest.sortedEntries(), ManifestEntry::name);
        for (String name = Peeking.min(s, d, m); name != null; name = Peeking.min(s, d, m)) {
            ObjectInfo atSource = s.take(name);
            ObjectInfo atDestination = d.take(name);
            ManifestEntry recorded = m.take(name);
            if (recorded != null && !name.startsWith(settings.prefix())) {
                continue; // recorded by a run over another prefix
            }
            Runnable task = plan(atSource, atDestination, recorded, transfers, tally);
            if (task != null) {
                pool.submit(task);
            }
        }
        pool.awaitAll();
    }

    /** What to do with one name; {@code null} when nothing is left to do. */
    private Runnable plan(ObjectInfo atSource, ObjectInfo atDestination, ManifestEntry recorded, Transfers transfers,
            Tally tally) {
        if (atSource == null) {
            if (atDestination == null) {
                if (recorded != null && !settings.dryRun()) {
                    transfers.forget(recorded.name()); // gone from both: the manifest follows the destination
                }
                return null;
            }
            tally.deletedAtSource.incrementAndGet();
            if (settings.delete()) {
                return () -> transfers.remove(atDestination.name());
            }
            transfers.leftAtDestination(atDestination.name());
            return null;
        }
        boolean done = recorded != null && atDestination != null && recorded.sizeBytes() == atSource.sizeBytes()
                && atDestination.sizeBytes() == atSource.sizeBytes();
        if (!done && reconcile && recorded == null && atDestination != null
                && atDestination.sizeBytes() == atSource.sizeBytes()) {
            return () -> transfers.copyIfHeadersDiffer(atSource); // written there by someone else (a replica)
        }
        if (done && !settings.delta()) {
            if (transfers.proves()) {
                return () -> transfers.skippedAndChecked(atSource);
            }
            transfers.skipped(atSource);
            return null;
        }
        return done ? () -> transfers.copyIfHeaderChanged(atSource, recorded.headerSha256())
                : () -> transfers.copy(atSource);
    }

    /**
     * Builds a {@link Migration}. Required: {@link #source}, {@link #destination}, {@link #manifest}.
     * {@link #build()} fails fast naming the field, the rule and the value.
     */
    public static final class Builder {
        private ObjectStore source;
        private ObjectStore destination;
        private Path manifest;
        private String prefix = "";
        private int jobs = DEFAULT_JOBS;
        private boolean delta;
        private boolean delete;
        private boolean dryRun;
        private long maxBytesPerSecond;
        private MigrationListener listener = MigrationListener.NONE;
        private int sortChunk = SORT_CHUNK;
        private boolean reconcile;

        private Builder() {
        }

        public Builder source(ObjectStore v) {
            this.source = v;
            return this;
        }

        public Builder destination(ObjectStore v) {
            this.destination = v;
            return this;
        }

        /** The checkpoint manifest; its directory must exist (keep it with the key registry, custody side). */
        public Builder manifest(Path v) {
            this.manifest = v;
            return this;
        }

        /** Only store names starting with this prefix (default: the whole container). */
        public Builder prefix(String v) {
            this.prefix = v;
            return this;
        }

        /** Transfers at a time, 1 to 256 (default {@value Migration#DEFAULT_JOBS}). */
        public Builder jobs(int v) {
            this.jobs = v;
            return this;
        }

        /** Also compare the header digest of objects whose size is unchanged (one ranged read each). */
        public Builder delta(boolean v) {
            this.delta = v;
            return this;
        }

        /** Remove at the destination the objects deleted at the source. */
        public Builder delete(boolean v) {
            this.delete = v;
            return this;
        }

        /** Change nothing: no copy, no removal, the manifest untouched; the report says what would happen. */
        public Builder dryRun(boolean v) {
            this.dryRun = v;
            return this;
        }

        /** Bandwidth cap over all transfers in bytes per second; 0 (default) for none. */
        public Builder maxBytesPerSecond(long v) {
            this.maxBytesPerSecond = v;
            return this;
        }

        /** Told of the start, of every object and of the end (audit hook). */
        public Builder listener(MigrationListener v) {
            this.listener = v;
            return this;
        }

        /** Manifest lines sorted in memory at a time (tests use small values to exercise the external sort). */
        Builder sortChunk(int v) {
            this.sortChunk = v;
            return this;
        }

        /**
         * An object at both sides with the same size that the manifest does not record is compared by the COF1
         * header digest of both sides (one ranged read each) and copied only if they differ ({@link Repair}: the
         * destination is a replica written by a replicated store, not by this engine).
         */
        Builder reconcile(boolean v) {
            this.reconcile = v;
            return this;
        }

        public Migration build() {
            if (source == null || destination == null) {
                throw new InvalidInputException("source, destination: must both be set");
            }
            if (source == destination || source.descriptor().equals(destination.descriptor())) {
                throw new InvalidInputException("destination: must differ from the source, was "
                        + destination.descriptor());
            }
            if (manifest == null) {
                throw new InvalidInputException("manifest: must be set");
            }
            Path dir = manifest.toAbsolutePath().getParent();
            if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
                throw new InvalidInputException("manifest: its directory must exist, was " + dir);
            }
            if (prefix == null) {
                throw new InvalidInputException("prefix: must be non-null (\"\" for everything)");
            }
            if (jobs < 1 || jobs > 256) {
                throw new InvalidInputException("jobs: must be 1 to 256, was " + jobs);
            }
            if (maxBytesPerSecond < 0) {
                throw new InvalidInputException("maxBytesPerSecond: must be >= 0 (0: no cap), was "
                        + maxBytesPerSecond);
            }
            if (listener == null) {
                throw new InvalidInputException("listener: must be non-null (MigrationListener.NONE for none)");
            }
            if (sortChunk < 1) {
                throw new InvalidInputException("sortChunk: must be >= 1, was " + sortChunk);
            }
            return new Migration(this);
        }
    }
}

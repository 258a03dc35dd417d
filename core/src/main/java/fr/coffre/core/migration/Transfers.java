package fr.coffre.core.migration;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;

/**
 * The per-object operations of a run: copy (streamed from source to destination with the known length, so each
 * destination applies its own part sizes and limits and memory stays bounded), remove, and the delta check. Each
 * records its outcome in the manifest only after the destination holds it.
 */
final class Transfers {
    private final ObjectStore source;
    private final ObjectStore destination;
    private final ManifestLog log;
    private final boolean dryRun;
    private final RateLimiter limiter;
    private final Tally tally;
    private final MigrationListener listener;
    private final Proof proof;

    /**
     * What a {@linkplain Migration#runVerified verified run} proves each object with: where the findings go, and
     * the threads that read the source side of large objects.
     */
    record Proof(Findings findings, Executor sides) {
    }

    /** @param proof null for a run that does not verify */
    Transfers(ObjectStore source, ObjectStore destination, ManifestLog log, boolean dryRun, RateLimiter limiter,
            Tally tally, MigrationListener listener, Proof proof) {
        this.proof = proof;
        this.dryRun = dryRun;
        this.source = source;
        this.destination = destination;
        this.log = log;
        this.limiter = limiter;
        this.tally = tally;
        this.listener = listener;
    }

    /** Copies {@code o} (in a dry run: counts it). */
    void copy(ObjectInfo o) {
        if (dryRun) {
            copied(o);
            return;
        }
        String sent;
        try (InputStream raw = source.get(o.name());
             Digests.Tee in = new Digests.Tee(limiter == null ? raw : limiter.limit(raw))) {
            destination.put(o.name(), in, o.sizeBytes());
            sent = in.contentDigest();
            log.append(ManifestEntry.copied(o.name(), o.sizeBytes(), in.headerDigest(), sent));
        } catch (IOException e) {
            fail(o, new StoreUnavailableException("copy: reading " + o.name() + " failed", e));
            return;
        } catch (InvalidInputException e) {
            fail(o, changed(o) ? e : new IllegalStateException("copy refused by the destination", e));
            return;
        } catch (RuntimeException e) {
            fail(o, e);
            return;
        }
        copied(o);
        if (proof != null) {
            readBack(o, sent);
        }
    }

    /**
     * Reads the object back from the destination and compares its SHA-256 with that of the bytes read at the
     * source and sent (as AWS DataSync verifies what it transferred): the source side is not read a second time.
     */
    private void readBack(ObjectInfo o, String sent) {
        Findings f = proof.findings();
        try {
            String stored = BothSides.sha256(destination, o.name(), f);
            f.checkedBytes.addAndGet(o.sizeBytes()); // the source side, hashed as it was copied
            if (stored.equals(sent)) {
                f.identical.incrementAndGet();
            } else {
                f.found(o.name(), Difference.Kind.DIFFERING, "read back: ciphertext SHA-256 differs from the bytes"
                        + " read at the source");
            }
        } catch (RuntimeException e) {
            f.found(o.name(), Difference.Kind.UNVERIFIABLE, "read back failed (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** Whether this is a verified run (each object is also proved at the destination). */
    boolean proves() {
        return proof != null;
    }

    /** Counts {@code o} as skipped and, in a verified run, compares it at both sides. */
    void skippedAndChecked(ObjectInfo o) {
        skipped(o);
        if (proof != null) {
            BothSides.compare(source, o, o, proof.findings(), proof.sides(),
                    name -> BothSides.sha256(destination, name, proof.findings()));
        }
    }

    /** An object at the destination only, left there (no {@code delete}): a difference in a verified run. */
    void leftAtDestination(String name) {
        if (proof != null) {
            proof.findings().found(name, Difference.Kind.MISSING_AT_SOURCE, "");
        }
    }

    private void copied(ObjectInfo o) {
        tally.copiedObjects.incrementAndGet();
        tally.copiedBytes.addAndGet(o.sizeBytes());
        listener.object(new ObjectOutcome(o.name(), ObjectOutcome.Action.COPIED, o.sizeBytes(), null));
    }

    /** Copies {@code o} unless its header digest still is {@code recorded}. */
    void copyIfHeaderChanged(ObjectInfo o, String recorded) {
        String now;
        try {
            now = Digests.header(source, o.name(), o.sizeBytes());
        } catch (RuntimeException e) {
            fail(o, e);
            return;
        }
        if (now.equals(recorded)) {
            skippedAndChecked(o);
        } else {
            copy(o);
        }
    }

    /** Copies {@code o} unless the destination's object has the same header digest as the source's. */
    void copyIfHeadersDiffer(ObjectInfo o) {
        boolean same;
        try {
            same = Digests.header(source, o.name(), o.sizeBytes())
                    .equals(Digests.header(destination, o.name(), o.sizeBytes()));
        } catch (RuntimeException e) {
            fail(o, e);
            return;
        }
        if (same) {
            skippedAndChecked(o);
        } else {
            copy(o);
        }
    }

    void skipped(ObjectInfo o) {
        tally.skippedObjects.incrementAndGet();
        tally.skippedBytes.addAndGet(o.sizeBytes());
        listener.object(new ObjectOutcome(o.name(), ObjectOutcome.Action.SKIPPED, o.sizeBytes(), null));
    }

    /** Removes at the destination an object deleted at the source. */
    void remove(String name) {
        if (dryRun) {
            tally.removed.incrementAndGet();
            return;
        }
        try {
            destination.delete(name);
            log.append(ManifestEntry.deleted(name));
        } catch (RuntimeException e) {
            tally.failed(Failure.of(name, e));
            leftAtDestination(name);
            return;
        }
        tally.removed.incrementAndGet();
        listener.object(new ObjectOutcome(name, ObjectOutcome.Action.DELETED_AT_SOURCE, 0, null));
    }

    /** Records that {@code name}, gone from both stores, is no longer at the destination. */
    void forget(String name) {
        log.append(ManifestEntry.deleted(name));
    }

    private boolean changed(ObjectInfo o) {
        try {
            return source.stat(o.name()).sizeBytes() != o.sizeBytes();
        } catch (ObjectNotFoundException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void fail(ObjectInfo o, RuntimeException e) {
        Failure f = Failure.of(o.name(), e);
        tally.failed(f);
        if (proof != null) {
            proof.findings().found(o.name(), Difference.Kind.UNVERIFIABLE, "not copied (" + f.reason() + ")");
        }
        listener.object(new ObjectOutcome(o.name(), ObjectOutcome.Action.FAILED, o.sizeBytes(), f));
    }
}

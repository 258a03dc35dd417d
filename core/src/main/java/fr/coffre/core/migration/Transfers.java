package fr.coffre.core.migration;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;

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

    Transfers(ObjectStore source, ObjectStore destination, ManifestLog log, boolean dryRun, RateLimiter limiter,
            Tally tally, MigrationListener listener) {
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
        try (InputStream raw = source.get(o.name());
             Digests.Tee in = new Digests.Tee(limiter == null ? raw : limiter.limit(raw))) {
            destination.put(o.name(), in, o.sizeBytes());
            log.append(ManifestEntry.copied(o.name(), o.sizeBytes(), in.headerDigest(), in.contentDigest()));
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
            skipped(o);
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
            skipped(o);
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
        listener.object(new ObjectOutcome(o.name(), ObjectOutcome.Action.FAILED, o.sizeBytes(), f));
    }
}

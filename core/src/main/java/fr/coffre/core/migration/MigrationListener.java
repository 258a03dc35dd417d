package fr.coffre.core.migration;

import fr.coffre.store.StoreDescriptor;

/**
 * Hook for auditing and progress: told when a run starts, of every object's outcome, and when it ends. Events carry
 * opaque store names and descriptors only. {@link #object} is called from the copying threads, concurrently:
 * implementations are thread-safe, quick, and do not throw (an exception thrown from {@link #object} is lost
 * with that object's event; from {@link #started} or {@link #finished} it propagates out of {@link Migration#run}).
 */
public interface MigrationListener {
    /** Does nothing. */
    MigrationListener NONE = new MigrationListener() {
    };

    /** Before anything is listed or copied. */
    default void started(StoreDescriptor source, StoreDescriptor destination, MigrationSettings settings) {
    }

    /** After each object's fate is settled (durably recorded in the manifest, unless a dry run). */
    default void object(ObjectOutcome outcome) {
    }

    /** After the last object, with the run's report. */
    default void finished(MigrationReport report) {
    }
}

package fr.coffre.core;

/** Progress of a master-key rotation: called after each registry entry, with counts of entries. */
@FunctionalInterface
public interface RotationListener {
    RotationListener NONE = (done, total) -> { };

    void progress(int entriesDone, int entriesTotal);
}

package fr.coffre.core;

import fr.coffre.KeyRef;
import java.time.Duration;

/**
 * Outcome of a master-key rotation: the master-key version now protecting every entry, how many registry entries
 * were visited and re-protected (entries already under {@code masterKey} and tombstones are skipped), and how long
 * it took. No object in any store is read or written by a rotation.
 */
public record RotationReport(KeyRef masterKey, int entriesVisited, int entriesRewrapped, Duration elapsed) {
}

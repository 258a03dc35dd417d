package fr.coffre.core.migration;

import java.nio.file.Path;

/**
 * How a run was configured, as the listener and the report tell it.
 *
 * @param manifest the checkpoint manifest (custody side)
 * @param prefix only the store names starting with it ({@code ""}: the whole container)
 * @param jobs transfers at a time
 * @param delta also compare the COF1 header digest of objects whose size did not change
 * @param delete remove at the destination what was deleted at the source
 * @param dryRun change nothing, only report
 * @param maxBytesPerSecond bandwidth cap over all transfers, {@code 0} for none
 */
public record MigrationSettings(Path manifest, String prefix, int jobs, boolean delta, boolean delete,
        boolean dryRun, long maxBytesPerSecond) {
}

package fr.coffre.store;

import fr.coffre.InvalidInputException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ObjectStore#cleanup} found and, unless it was a dry run, removed.
 *
 * @param olderThan the age threshold the cleanup ran with
 * @param dryRun {@code true} if nothing was removed
 * @param leftovers every leftover found at least {@code olderThan} old (all removed, unless {@code dryRun})
 */
public record CleanupReport(Duration olderThan, boolean dryRun, List<Leftover> leftovers) {

    /** Count and bytes of one kind of leftover. */
    public record Tally(int count, long bytes) {
    }

    public CleanupReport {
        if (olderThan == null || leftovers == null) {
            throw new InvalidInputException("olderThan and leftovers: must be non-null");
        }
        leftovers = List.copyOf(leftovers);
    }

    /** Count and bytes per kind found (kinds with none are absent), in {@link Leftover.Kind} order. */
    public Map<Leftover.Kind, Tally> byKind() {
        Map<Leftover.Kind, Tally> tallies = new EnumMap<>(Leftover.Kind.class);
        for (Leftover l : leftovers) {
            tallies.merge(l.kind(), new Tally(1, l.sizeBytes()),
                    (a, b) -> new Tally(a.count() + b.count(), a.bytes() + b.bytes()));
        }
        return tallies;
    }

    /** Bytes of every leftover found. */
    public long totalBytes() {
        return leftovers.stream().mapToLong(Leftover::sizeBytes).sum();
    }
}

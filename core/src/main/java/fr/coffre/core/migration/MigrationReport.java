package fr.coffre.core.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence of one run: what was copied, skipped, found deleted at the source, removed, and what failed (each
 * with a typed reason; the first {@value #MAX_LISTED_FAILURES} are listed by opaque store name), how long it took.
 * In a dry run, "copied" and "removed" count what would be. Immutable; {@link #toText()} and {@link #toJson()}
 * render it.
 *
 * @param source descriptor of the source store (never credentials)
 * @param destination descriptor of the destination store
 * @param failedByReason count of failures per reason (every failure, listed or not)
 * @param manifestEntries entries of the manifest when the run started (after compaction)
 * @param manifestSyncs fsyncs of the manifest during the run
 */
public record MigrationReport(String source, String destination, MigrationSettings settings, Instant started,
        Duration duration, long copiedObjects, long copiedBytes, long skippedObjects, long skippedBytes,
        long deletedAtSource, long removedAtDestination, long failedObjects, Map<FailureReason, Long> failedByReason,
        List<Failure> failures, long manifestEntries, long manifestSyncs) {
    public static final int MAX_LISTED_FAILURES = 1000;

    public MigrationReport {
        failedByReason = Map.copyOf(failedByReason);
        failures = List.copyOf(failures);
    }

    /** Whether every object of the source is now at the destination (nothing failed). */
    public boolean complete() {
        return failedObjects == 0;
    }

    /** Copied bytes per second of wall time. */
    public double throughputBytesPerSecond() {
        double s = Math.max(duration.toNanos(), 1) / 1e9;
        return copiedBytes / s;
    }

    /** Objects settled (copied, skipped or failed) per second. */
    public double objectsPerSecond() {
        double s = Math.max(duration.toNanos(), 1) / 1e9;
        return (copiedObjects + skippedObjects + failedObjects) / s;
    }

    private Map<FailureReason, Long> sortedReasons() {
        Map<FailureReason, Long> sorted = new EnumMap<>(FailureReason.class);
        sorted.putAll(failedByReason);
        return sorted;
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(settings.dryRun() ? "migration (dry run): " : "migration: ").append(source).append(" -> ")
                .append(destination).append('\n');
        sb.append(String.format("  %s %d objects (%d bytes), skipped %d (%d bytes), failed %d%n",
                settings.dryRun() ? "would copy" : "copied", copiedObjects, copiedBytes, skippedObjects,
                skippedBytes, failedObjects));
        sb.append(String.format("  deleted at source %d, %s at destination %d%n", deletedAtSource,
                settings.dryRun() ? "would remove" : "removed", removedAtDestination));
        sb.append(String.format("  %.1f s, %.1f objects/s, %.2f MiB/s; manifest %s (%d entries at start, %d fsyncs)%n",
                duration.toNanos() / 1e9, objectsPerSecond(), throughputBytesPerSecond() / (1024 * 1024),
                settings.manifest(), manifestEntries, manifestSyncs));
        sortedReasons().forEach((r, n) -> sb.append("  failed ").append(r).append(": ").append(n)
                .append('\n'));
        for (Failure f : failures) {
            sb.append("  ! ").append(f.storeName()).append(' ').append(f.reason()).append(" (").append(f.detail())
                    .append(")\n");
        }
        return sb.toString();
    }

    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("source", source);
        doc.put("destination", destination);
        doc.put("dryRun", settings.dryRun());
        doc.put("delta", settings.delta());
        doc.put("delete", settings.delete());
        doc.put("jobs", settings.jobs());
        doc.put("maxBytesPerSecond", settings.maxBytesPerSecond());
        doc.put("manifest", settings.manifest().toString());
        doc.put("started", started.toString());
        doc.put("durationSeconds", duration.toNanos() / 1e9);
        doc.put("copiedObjects", copiedObjects);
        doc.put("copiedBytes", copiedBytes);
        doc.put("skippedObjects", skippedObjects);
        doc.put("skippedBytes", skippedBytes);
        doc.put("deletedAtSource", deletedAtSource);
        doc.put("removedAtDestination", removedAtDestination);
        doc.put("failedObjects", failedObjects);
        doc.put("failedByReason", sortedReasons());
        doc.put("failures", failures.stream().map(f -> Map.of("storeName", f.storeName(), "reason", f.reason(),
                "detail", f.detail())).toList());
        doc.put("objectsPerSecond", objectsPerSecond());
        doc.put("bytesPerSecond", throughputBytesPerSecond());
        doc.put("manifestEntries", manifestEntries);
        doc.put("manifestSyncs", manifestSyncs);
        doc.put("complete", complete());
        return Json.of(doc);
    }
}

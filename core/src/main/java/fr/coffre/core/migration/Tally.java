package fr.coffre.core.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The counters of one run, updated from the copying threads. */
final class Tally {
    final AtomicLong copiedObjects = new AtomicLong();
    final AtomicLong copiedBytes = new AtomicLong();
    final AtomicLong skippedObjects = new AtomicLong();
    final AtomicLong skippedBytes = new AtomicLong();
    final AtomicLong deletedAtSource = new AtomicLong();
    final AtomicLong removed = new AtomicLong();
    private final Map<FailureReason, Long> failedByReason = new EnumMap<>(FailureReason.class);
    private final List<Failure> failures = new ArrayList<>();
    private long failed;

    synchronized void failed(Failure f) {
        failed++;
        failedByReason.merge(f.reason(), 1L, Long::sum);
        if (failures.size() < MigrationReport.MAX_LISTED_FAILURES) {
            failures.add(f);
        }
    }

    synchronized MigrationReport report(String source, String destination, MigrationSettings settings,
            Instant started, long manifestEntries, long syncs) {
        return new MigrationReport(source, destination, settings, started, Duration.between(started, Instant.now()),
                copiedObjects.get(), copiedBytes.get(), skippedObjects.get(), skippedBytes.get(),
                deletedAtSource.get(), removed.get(), failed, failedByReason, failures, manifestEntries, syncs);
    }
}

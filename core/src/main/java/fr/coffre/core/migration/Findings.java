package fr.coffre.core.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The counters of one verification, updated from the checking threads. */
final class Findings {
    final AtomicLong identical = new AtomicLong();
    final AtomicLong notSampled = new AtomicLong();
    final AtomicLong checkedBytes = new AtomicLong();
    private final Map<Difference.Kind, Long> counts = new EnumMap<>(Difference.Kind.class);
    private final List<Difference> listed = new ArrayList<>();

    synchronized void found(String storeName, Difference.Kind kind, String detail) {
        counts.merge(kind, 1L, Long::sum);
        if (listed.size() < VerificationReport.MAX_LISTED) {
            listed.add(new Difference(storeName, kind, detail));
        }
    }

    private long count(Difference.Kind k) {
        return counts.getOrDefault(k, 0L);
    }

    synchronized VerificationReport report(String source, String destination, Verification.Depth depth,
            Sample sample, Duration duration) {
        List<Difference> sorted = new ArrayList<>(listed);
        sorted.sort(java.util.Comparator.comparing(Difference::storeName));
        return new VerificationReport(source, destination, depth, sample, identical.get(), notSampled.get(),
                count(Difference.Kind.MISSING_AT_DESTINATION), count(Difference.Kind.MISSING_AT_SOURCE),
                count(Difference.Kind.DIFFERING), count(Difference.Kind.TAMPERED),
                count(Difference.Kind.UNVERIFIABLE), checkedBytes.get(), duration, sorted);
    }
}

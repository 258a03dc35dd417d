package fr.coffre.core;

import java.io.File;
import java.util.Set;
import java.util.TreeSet;

/**
 * Live threads and open file descriptors of this JVM, to compare before and after a run (Linux: /proc/self/fd).
 * Workers of Reactor's process-wide {@code boundedElastic} scheduler (used by the Azure SDK) are counted apart: that
 * pool is shared and bounded ({@link #SHARED_POOL_CAP}), and its idle workers expire after 60 s, longer than a CI
 * test should wait; more of them after a busier run is not a leak, more than the cap would be.
 */
record ResourceCounts(Set<String> threads, int fileDescriptors, int sharedPoolThreads) {
    /** Reactor's default cap on boundedElastic threads: 10 per CPU. */
    static final int SHARED_POOL_CAP = 10 * Runtime.getRuntime().availableProcessors();
    private static final String SHARED_POOL = "boundedElastic-";

    static ResourceCounts now() {
        Set<String> names = new TreeSet<>();
        int shared = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(SHARED_POOL)) {
                shared++;
            } else if (t.isAlive()) {
                names.add(t.getName() + "#" + t.getId());
            }
        }
        String[] fds = new File("/proc/self/fd").list();
        if (fds == null) {
            throw new AssertionError("/proc/self/fd is not readable: descriptor counting needs Linux");
        }
        return new ResourceCounts(names, fds.length, shared);
    }

    /**
     * Waits up to {@code seconds} (collecting garbage, so that unreachable clients release their threads) for the
     * counts to fall back to {@code before} (threads) and {@code before + fdSlack} (descriptors); the last counts.
     */
    static ResourceCounts settleTo(ResourceCounts before, int fdSlack, int seconds) throws InterruptedException {
        ResourceCounts now = now();
        for (int i = 0; i < seconds * 4 && !now.within(before, fdSlack); i++) {
            System.gc();
            Thread.sleep(250);
            now = now();
        }
        return now;
    }

    boolean within(ResourceCounts before, int fdSlack) {
        return newThreads(before).isEmpty() && fileDescriptors <= before.fileDescriptors + fdSlack;
    }

    Set<String> newThreads(ResourceCounts before) {
        Set<String> extra = new TreeSet<>(threads);
        extra.removeAll(before.threads);
        return extra;
    }
}
